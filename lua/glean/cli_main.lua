-- cli_main.lua — the script bin/glean runs: glean.cli with this process's
-- arguments and streams, its result as the exit status.
local cli = require "glean.cli"
os.exit(cli.main(arg))
