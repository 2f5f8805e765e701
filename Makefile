# glean — build, test and benchmark.
#
#   make            the module for Lua 5.4   -> build/lua5.4/glean/core.so
#   make nvim       the module for LuaJIT    -> lua/glean/core.so (Neovim)
#   make test       every test suite; last line "N passed, N failed"
#   make demo       run glean over a sample article
#   make bench      throughput and memory figures
#   make install PREFIX=/usr/local [DESTDIR=...]
#
# Missing Debian packages are installed when run as root; otherwise the
# exact apt-get line is printed.

LUA        ?= lua5.4
LUAJIT     ?= luajit
NVIM       ?= nvim
BUSTED     ?= busted
PKG_CONFIG ?= pkg-config
LUA_PC     ?= lua5.4
LUAJIT_PC  ?= luajit
CC         ?= cc

PREFIX     ?= /usr/local
DESTDIR    ?=
LUA_CMODDIR ?= $(shell $(PKG_CONFIG) --variable=INSTALL_CMOD $(LUA_PC) 2>/dev/null || echo $(PREFIX)/lib/lua/5.4)
LUA_LMODDIR ?= $(shell $(PKG_CONFIG) --variable=INSTALL_LMOD $(LUA_PC) 2>/dev/null || echo $(PREFIX)/share/lua/5.4)
# pkg-config's dirs are absolute /usr ones; honour PREFIX when it is set.
ifneq ($(origin PREFIX),file)
LUA_CMODDIR := $(PREFIX)/lib/lua/5.4
LUA_LMODDIR := $(PREFIX)/share/lua/5.4
endif

LUA_INCDIR    ?= $(shell $(PKG_CONFIG) --cflags $(LUA_PC) 2>/dev/null)
LUAJIT_INCDIR ?= $(shell $(PKG_CONFIG) --cflags $(LUAJIT_PC) 2>/dev/null)
PCRE2_CFLAGS  ?= $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null) -DPCRE2_CODE_UNIT_WIDTH=8
PCRE2_LIBS    ?= $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)

CFLAGS ?= -O2 -g
WARN    = -std=c11 -Wall -Wextra -pedantic -Wshadow -Wmissing-prototypes \
          -Wstrict-prototypes -Wpointer-arith -Wundef \
          -Werror=implicit-function-declaration
ALL_CFLAGS = $(CFLAGS) $(WARN) -fPIC -fvisibility=hidden -Iinclude -Iplugin \
             $(PCRE2_CFLAGS)
SHARED  = -shared

ENGINE_SRC = $(filter-out plugin/lua_%.c,$(wildcard plugin/*.c))
BIND_SRC   = $(wildcard plugin/lua_*.c)
HEADERS    = include/glean.h $(wildcard plugin/*.h)
ENGINE_OBJ = $(patsubst plugin/%.c,build/obj/%.o,$(ENGINE_SRC))
LUA54_SO   = build/lua5.4/glean/core.so
LUAJIT_SO  = lua/glean/core.so

DEBIAN_PKGS = lua5.4 liblua5.4-dev luajit libluajit-5.1-dev libpcre2-dev \
              lua-busted lua-cjson neovim pkg-config time

.PHONY: all nvim deps test test-c test-lua test-luajit test-nvim smoke \
        demo golden-update bench install uninstall clean rock fuzz fuzz-smoke \
        check-asan check-valgrind bench-hostile

all: deps $(LUA54_SO)

nvim: deps $(LUAJIT_SO)

# Checks for the packages the build and tests need; installs them as root.
deps:
	@missing=""; for p in $(DEBIAN_PKGS) $(HARDEN_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v dpkg-query >/dev/null; then \
	    echo "glean: not a Debian system; install Lua 5.4, LuaJIT, PCRE2 (dev), busted, lua-cjson"; \
	  elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "glean: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || exit 1; \
	  else \
	    echo "glean: missing packages; run:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; fi

build/obj/%.o: plugin/%.c $(HEADERS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

build/obj/libglean.a: $(ENGINE_OBJ)
	ar rcs $@ $^

$(LUA54_SO): $(ENGINE_OBJ) $(BIND_SRC) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LUA_INCDIR) $(SHARED) -o $@ $(BIND_SRC) \
	  $(ENGINE_OBJ) $(PCRE2_LIBS)

$(LUAJIT_SO): $(ENGINE_OBJ) $(BIND_SRC) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LUAJIT_INCDIR) $(SHARED) -o $@ $(BIND_SRC) \
	  $(ENGINE_OBJ) $(PCRE2_LIBS)

# ---- tests ----------------------------------------------------------------

C_TESTS = $(patsubst tests/c/%.c,build/tests/%,$(wildcard tests/c/test_*.c))

build/tests/%: tests/c/%.c build/obj/libglean.a $(wildcard tests/c/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -Wno-missing-prototypes -Iinclude -Iplugin \
	  $(PCRE2_CFLAGS) -o $@ $< build/obj/libglean.a $(PCRE2_LIBS) -lpthread

# test_threads runs two Lua states on two threads: it links Lua 5.4 and
# loads the module built above.
LUA_LIBS ?= $(shell $(PKG_CONFIG) --libs $(LUA_PC) 2>/dev/null || echo -llua5.4)
build/tests/test_threads: tests/c/test_threads.c build/obj/libglean.a \
                          tests/c/check.h $(LUA54_SO)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -Wno-missing-prototypes -Iinclude -Iplugin \
	  $(LUA_INCDIR) $(PCRE2_CFLAGS) -o $@ $< build/obj/libglean.a \
	  $(PCRE2_LIBS) $(LUA_LIBS) -lpthread

test: all nvim $(C_TESTS)
	@sh tests/run.sh

test-c: $(C_TESTS)
	@sh tests/run.sh c

test-lua: all
	@sh tests/run.sh lua

test-luajit: nvim
	@sh tests/run.sh luajit

test-nvim: nvim
	@sh tests/run.sh nvim

smoke: all nvim
	$(LUA) -e 'package.cpath="build/lua5.4/?.so;"..package.cpath; print(require("glean.core").version)'
	$(LUAJIT) -e 'package.cpath="lua/?.so;"..package.cpath; print(require("glean.core").version)'

# ---- demo and benchmark ---------------------------------------------------

demo: all
	@bin/glean tests/golden/port-deal.txt

# Rewrites tests/golden/*.expected from the current output; review the diff
# (and tests/golden/KNOWN-ISSUES.md) before committing.
golden-update: all
	@LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/lua5.4/?.so;;' \
	  $(LUA) tests/golden/render.lua --update

bench: all nvim
	@$(LUA) tests/bench/bench.lua

# ---- hardening: fuzzing, sanitizers, valgrind ------------------------------
#   make fuzz [FUZZ_TIME=60]   libFuzzer targets of tests/fuzz, each for
#                              FUZZ_TIME seconds (clang; build/fuzz/)
#   make fuzz-smoke            the same, a few seconds each (CI)
#   make check-asan            engine, C tests and the Lua 5.4 module with
#                              ASan+UBSan in build/asan/; runs the C tests
#                              and the Lua specs
#   make check-valgrind        Lua specs under valgrind memcheck
#   make bench-hostile         1x/10x scaling of hostile inputs, stream RSS

# Only the hardening targets need these (clang's libFuzzer runtime is in
# libclang-rt-dev, which clang merely recommends).
HARDEN_PKGS =
fuzz fuzz-smoke check-asan check-valgrind: \
  HARDEN_PKGS = clang libclang-rt-dev valgrind

FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_SMOKE_TIME ?= 5
SAN_FLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
              -fno-omit-frame-pointer
FUZZ_CFLAGS = -O1 -g $(WARN) -Iinclude -Iplugin $(PCRE2_CFLAGS) $(SAN_FLAGS)
FUZZ_OBJ    = $(patsubst plugin/%.c,build/fuzz/obj/%.o,$(ENGINE_SRC))
FUZZ_BINS   = $(patsubst tests/fuzz/%.c,build/fuzz/%,\
                $(wildcard tests/fuzz/fuzz_*.c))

build/fuzz/obj/%.o: plugin/%.c $(HEADERS) | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-missing-prototypes -fsanitize=fuzzer \
	  -o $@ $< $(FUZZ_OBJ) $(PCRE2_LIBS) -lm

fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_BINS)

fuzz-smoke: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_SMOKE_TIME) $(FUZZ_BINS)

# gcc's ASan runtime is a shared library, so the sanitized Lua module can
# be loaded into the distribution's (unsanitized) lua5.4 with LD_PRELOAD.
ASAN_CC     ?= gcc
ASAN_CFLAGS  = -O1 -g $(SAN_FLAGS) $(WARN) -fPIC -Iinclude -Iplugin \
               $(PCRE2_CFLAGS)
ASAN_OBJ     = $(patsubst plugin/%.c,build/asan/obj/%.o,$(ENGINE_SRC))
ASAN_TESTS   = $(patsubst tests/c/%.c,build/asan/tests/%,\
                 $(wildcard tests/c/test_*.c))
ASAN_SO      = build/asan/lua5.4/glean/core.so

# Keep the sanitized objects between runs (make counts them intermediate).
.SECONDARY: $(FUZZ_OBJ) $(ASAN_OBJ)

build/asan/obj/%.o: plugin/%.c $(HEADERS) | deps
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(ASAN_CFLAGS) -c $< -o $@

build/asan/libglean.a: $(ASAN_OBJ)
	ar rcs $@ $^

build/asan/tests/%: tests/c/%.c build/asan/libglean.a tests/c/check.h
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(ASAN_CFLAGS) -Wno-missing-prototypes $(LUA_INCDIR) -o $@ $< \
	  build/asan/libglean.a $(PCRE2_LIBS) $(LUA_LIBS) -lpthread -lm

$(ASAN_SO): $(ASAN_OBJ) $(BIND_SRC) $(HEADERS)
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(ASAN_CFLAGS) $(LUA_INCDIR) $(SHARED) -o $@ $(BIND_SRC) \
	  $(ASAN_OBJ) $(PCRE2_LIBS)

check-asan: $(ASAN_TESTS) $(ASAN_SO) $(LUA54_SO)
	@sh tests/fuzz/check-asan.sh $(ASAN_CC) $(ASAN_TESTS)

# Every spec but eval (scoring, slow under valgrind) and cli (its work
# happens in subprocesses valgrind does not follow): about a minute.
VALGRIND_SPECS ?= $(filter-out %/eval_spec.lua %/cli_spec.lua,\
                    $(wildcard tests/spec/*_spec.lua))
check-valgrind: all
	@sh tests/fuzz/check-valgrind.sh $(VALGRIND_SPECS)

bench-hostile: all
	@$(LUA) tests/bench/scaling.lua
	@sh tests/bench/stream_rss.sh $(STREAM_MB)

# ---- install ----------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(LUA_CMODDIR)/glean $(DESTDIR)$(LUA_LMODDIR)/glean
	install -m 755 $(LUA54_SO) $(DESTDIR)$(LUA_CMODDIR)/glean/core.so
	cd lua && find glean -name '*.lua' -o -name '*.txt' | while read f; do \
	  install -D -m 644 "$$f" "$(DESTDIR)$(LUA_LMODDIR)/$$f"; done
	install -d $(DESTDIR)$(PREFIX)/include
	install -m 644 include/glean.h $(DESTDIR)$(PREFIX)/include/glean.h

uninstall:
	rm -rf $(DESTDIR)$(LUA_CMODDIR)/glean $(DESTDIR)$(LUA_LMODDIR)/glean \
	  $(DESTDIR)$(PREFIX)/include/glean.h

clean:
	rm -rf build $(LUAJIT_SO)
