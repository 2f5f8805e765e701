-- org_spec.lua — organizations (packs/org.lua): legal forms, generic
-- nouns, heads, acronyms, short names found again, places that are not
-- organizations, sports results and span conventions. Runs the default
-- packs, because person and org rules compete for the same words. The
-- sentences and names are written for these tests. Runs under Lua 5.4
-- and LuaJIT.

local glean = require "glean"

local ex = glean.new()

-- Texts of the entities of `label` in text, in order.
local function found(text, label)
  local out = {}
  for _, e in ipairs(ex:extract(text).entities) do
    if e.label == (label or "ORG") then
      assert.equal(e.text, text:sub(e.start + 1, e["end"]))
      out[#out + 1] = e.text
    end
  end
  return out
end

-- Runs f with the CoNLL-2003 span convention (no "the", no "'s").
local conll_ex = glean.new { convention = "conll" }
local function conll(f)
  return function()
    local default = ex
    ex = conll_ex
    local ok, err = pcall(f)
    ex = default
    if not ok then error(err, 0) end
  end
end

describe("org: company names", function()
  it("ends a name with its legal form", function()
    assert.same({ "Halvorsen Timber Corp." },
      found("Shares of Halvorsen Timber Corp. rose on Monday."))
    assert.same({ "Quenby Tools Inc", "Larch Motors Corp." },
      found("Quenby Tools Inc and Larch Motors Corp. agreed to merge."))
  end)

  it("keeps sentence openers that start names inside the sentence",
    conll(function()
      assert.same({ "First Carrow Corp.", "Great Tansley Mills Inc." },
        found("Analysts at First Carrow Corp. like Great Tansley Mills Inc. now."))
    end))

  it("reads the trade words of research and advisory firms", function()
    assert.same({ "Tarvel Predictive Insights", "Kell Strategies" },
      found("A poll by Tarvel Predictive Insights and analysts at Kell "
        .. "Strategies agreed."))
    -- a department's name before a title is no firm's
    assert.same({}, found("Tarvian Research Director Ann Voss agreed."))
  end)

  it("finds a firm again by its name without the legal form", function()
    assert.same({ "Marrow Quist L.L.P.", "Marrow Quist", "Tennet Verk SE",
      "Tennet Verk" },
      found("Marrow Quist L.L.P. filed it, a Marrow Quist partner said. "
        .. "Tennet Verk SE agreed; Tennet Verk shares rose."))
  end)

  it("leaves out an imperative that opens the sentence", function()
    assert.same({ "Halvorsen Timber Corp.", "Quenby Tools Inc." },
      found("Consider Halvorsen Timber Corp., whose ads ran. Look at "
        .. "Quenby Tools Inc. too."))
  end)

  it("leaves the sentence's final period out of the span", function()
    assert.same({ "Brackley & Finch Co" },
      found("The unit was sold to Brackley & Finch Co.\nIt said so."))
  end)

  it("does not swallow a person or a -based modifier", function()
    local text = "said Nadia Olsen of Tremont Harwell & Co. on Monday."
    assert.same({ "Tremont Harwell & Co." }, found(text))
    assert.same({ "Nadia Olsen" }, found(text, "PERSON"))
    assert.same({ "Pellworth Mining Corp." },
      found("Denver-based Pellworth Mining Corp. said output rose."))
    assert.same({ "Pellworth Savings & Loan Association" },
      found("Its unit, Los Angeles-based Pellworth Savings & Loan "
        .. "Association, failed."))
  end)

  it("keeps a saint's possessive and a plural's in a name, no owner's",
    function()
      assert.same({ "St. Brigid's Hospital", "Harlow Children's Hospital" },
        found("She worked at St. Brigid's Hospital, then at Harlow " ..
          "Children's Hospital."))
      assert.same({ "Quarry Department" },
        found("Ana Voss's Quarry Department grew."))
    end)

  it("reads a Chinese company's \"Co., Ltd.\"", function()
    assert.same({ "Lianke Trading Co., Ltd." },
      found("Lianke Trading Co., Ltd. signed the deal."))
  end)

  it("reads a trade word right after the \"&\"", function()
    local text = "His lawyer, Ana Voss of Voss & Associates, said so."
    assert.same({ "Voss & Associates" }, found(text))
    assert.same({ "Ana Voss" }, found(text, "PERSON"))
  end)

  it("reads a company named with its trade after a word for people",
    function()
      -- "rival" describes people too ("his rival Ana Voss")
      assert.same({ "Kestrel Automation" },
        found("It will buy rival Kestrel Automation for cash."))
    end)

  it("reads partnerships named with commas, but not lists", function()
    assert.same({ "Harlan, Voss & Co." },
      found("Analysts at Harlan, Voss & Co. agreed."))
    assert.same({ "IBM", "Tarrow Equipment Corp." },
      found("Orders from IBM, Tarrow Equipment Corp. and others rose."))
    -- known companies before the commas make them a list
    assert.same({ "Toyota", "Honda", "Pellow & Co." },
      found("Shipments to Toyota, Honda, Pellow & Co. and others rose."))
  end)

  it("ends a name with a trade word, not read as a person's", conll(function()
    assert.same({ "Gerald Wine Cellar", "King Cheese Factory" },
      found("He bought wine at Gerald Wine Cellar and cheese from the " ..
        "King Cheese Factory."))
  end))

  it("reads 'of' before a place or 'the' inside a name, not after a person",
    function()
      assert.same({ "First of Ohio Corp.", "Pine Mills of Kenya Ltd",
        "Bells of the Valley Inc." },
        found("First of Ohio Corp., Pine Mills of Kenya Ltd and Bells of the "
          .. "Valley Inc. rose."))
      local text = "Tom Hale of Norland Instruments Inc. agreed."
      assert.same({ "Norland Instruments Inc." }, found(text))
      assert.same({ "Tom Hale" }, found(text, "PERSON"))
    end)

  it("keeps a subsidiary's place in parentheses before its legal form",
    function()
      assert.same({ "Quenby Tools (Hong Kong) Ltd", "Larch Oil (Chile) Ltd." },
        found("Quenby Tools (Hong Kong) Ltd and Larch Oil (Chile) Ltd. signed."))
    end)

  it("reads a name an aside calls an organization", function()
    assert.same({ "Medrow", "Tarnwell" },
      found("Medrow, a Swiss aid group, said so. Tarnwell, a London think "
        .. "tank, agreed. Jones, a member of the group, left."))
  end)

  it("does not take a news adjective that opens the sentence", function()
    assert.same({ "Quarrow Steel Corp.", "Dunfield Mining Inc." },
      found("Embattled Quarrow Steel Corp. shut a mill. "
        .. "Struggling Dunfield Mining Inc. did too."))
  end)

  it("reads two names joined by '&' as a firm, but not places or S&L",
    function()
      assert.same({ "Harlan & Voss" },
        found("The account went to Harlan & Voss last week."))
      assert.same({}, found("Trinidad & Tobago said the S&L failed."))
    end)

  it("lets a founder's possessive open a name, not a country's",
    function()
      assert.same({ "Dunmore's Bakeries Inc.", "Dunmore's" },
        found("Dunmore's Bakeries Inc. rose. Dunmore's said so."))
      assert.same({ "Kestrel Group PLC" },
        found("Britain's Kestrel Group PLC fell."))
    end)

  it("adds a legal form to a listed name", function()
    assert.same({ "Moody's Investors Service Inc." },
      found("Moody's Investors Service Inc. cut the rating."))
  end)

  it("lets a company's name win over a weak person match", function()
    local text = "Corven Arrow PLC posted a loss.\n" ..
      "Corven Arrow said sales fell. Analysts like Arrow less."
    assert.same({ "Corven Arrow PLC", "Corven Arrow" }, found(text))
    assert.same({}, found(text, "PERSON"))
  end)

  it("finds a company again under its short names", function()
    assert.same({ "Kelbrant Glassworks Ltd", "Kelbrant Glassworks", "Kelbrant" },
      found("Kelbrant Glassworks Ltd said sales rose. Kelbrant Glassworks " ..
        "expects more. Kelbrant shares gained 3 percent."))
  end)

  it("finds a newspaper again by its last word after 'the'", conll(function()
    assert.same({ "Chicago Tribune", "Tribune" },
      found("The Chicago Tribune was sold. Later the Tribune said its " ..
        "Tribune Tower stayed, a tribune of the people, by a lathe Tribune."))
  end))

  it("calls a company by its first name word past initials and '& Co.'", function()
    assert.same({ "R.T. Mossgiel & Co.", "R.T. Mossgiel", "Mossgiel" },
      found("R.T. Mossgiel & Co. cut prices. R.T. Mossgiel expects a loss, " ..
        "and Mossgiel shares fell."))
  end)

  it("calls a company by a first word that is also a given name or a " ..
      "common word", function()
    assert.same({ "Delphine Optics Inc.", "Delphine" },
      found("Delphine Optics Inc. opened a plant. Last year Delphine sold " ..
        "lenses worth $2 million."))
    assert.same({ "Growers Union Holdings Ltd", "Growers" },
      found("Growers Union Holdings Ltd raised its offer. Regulators in " ..
        "three states must approve the sale of Growers to a rival."))
  end)

  it("does not call a company by the first of two joined words", function()
    assert.same({ "Boats & Leisure Inc." },
      found("Boats & Leisure Inc. bought a marina. Boats were moored there."))
  end)
end)

describe("org: generic nouns, heads and places", function()
  it("reads a name ending in an organization noun", conll(function()
    assert.same({ "Foreign Ministry", "Khmer Nation Party" },
      found("The Foreign Ministry criticised the Khmer Nation Party on Sunday."))
  end))

  it("reads embassies, consulates and high commissions as bodies",
    function()
      assert.same({ "the U.S. Embassy", "The Tarvian High Commission" },
        found("They fled to the U.S. Embassy in Beijing. The Tarvian High " ..
          "Commission in Delhi said so."))
    end)

  it("reads an abbreviation joined by a hyphen as part of the name",
    conll(function()
      assert.same({ "U.S.-Tarvia Business Council" },
        found("He met the U.S.-Tarvia Business Council on Monday."))
    end))

  it("reads a force as a body", conll(function()
    assert.same({ "Tarvian Space Force", "Joint Task Force" },
      found("The Tarvian Space Force sent a Joint Task Force; the labor "
        .. "force grew."))
  end))

  it("reads retirement and broadcasting systems", conll(function()
    assert.same({ "Tarvia Public Employees' Retirement System",
      "Kell Broadcasting System" },
      found("The Tarvia Public Employees' Retirement System sued the Kell "
        .. "Broadcasting System."))
  end))

  it("reads a plural's possessive inside a name", conll(function()
    assert.same({ "Tarvish Bond Traders' Association", "Teachers' Union of Ireland",
      "National Guard" },
      found("The Tarvish Bond Traders' Association met the Teachers' Union "
        .. "of Ireland. The National Guard arrived. The 'Smith' Association."))
  end))

  it("reads the offices of officials named with a possessive", conll(function()
    assert.same({ "U.S. Attorney's Office for the Eastern District of Tarvia",
      "Kell County Sheriff's Office" },
      found("The U.S. Attorney's Office for the Eastern District of Tarvia "
        .. "and the Kell County Sheriff's Office declined to comment."))
  end))

  it("reads no cabinet in a portfolio before a minister's title", function()
    assert.same({ "the Tarvian Cabinet", "City Council" },
      found("Interior Cabinet Secretary Ann Moraa said the Tarvian Cabinet "
        .. "met. Health Cabinet Minister Joel Kip and City Council Member "
        .. "Ida Lund agreed."))
  end)

  it("joins two given names before a foundation, not a person's name", function()
    assert.same({ "The Anna and Boris Velk Foundation", "City Council" },
      found("The Anna and Boris Velk Foundation paid. Minister Joel Kip and "
        .. "City Council Member Ida Lund agreed."))
  end)

  it("reads a bank 'for' its purpose", conll(function()
    assert.same({ "Bank for Foreign Trade of Tarvia" },
      found("Loans came from the Bank for Foreign Trade of Tarvia."))
  end))

  it("reads 'the' after a small word inside a name", conll(function()
    assert.same({ "Center for the Study of the Tarvish Sea" },
      found("She joined the Center for the Study of the Tarvish Sea."))
  end))

  it("reads the People's bodies of Chinese government", conll(function()
    assert.same({ "Hunan Provincial People's Government",
      "Xiangtan Municipal Party Committee" },
      found("The Hunan Provincial People's Government and the Xiangtan "
        .. "Municipal Party Committee met."))
  end))

  it("does not take a generic noun alone", function()
    assert.same({}, found("Police said the road was closed in the Division."))
  end)

  it("lets an opener start a name joined by 'and'", conll(function()
    assert.same({ "International Rice and Millet Research Institute" },
      found("She studied at the International Rice and Millet Research " ..
        "Institute for a decade."))
  end))

  it("reads two words joined by 'and' before a head", conll(function()
    assert.same({ "Import and Export Bank of Tarvia", "Bank of England" },
      found("Loans from the Import and Export Bank of Tarvia worried "
        .. "Britain and Bank of England officials."))
  end))

  it("does not join an acronym to the next name by 'and', but initials",
    conll(function()
      assert.same({ "NIRMA", "U.S. Commerce Department" },
        found("Officials of NIRMA and U.S. Commerce Department met."))
      assert.same({ "R.T. & Ellen Vogel Foundation" },
        found("A grant from the R.T. & Ellen Vogel Foundation arrived."))
    end))

  it("knows the regional Federal Reserve banks by their cities",
    conll(function()
      assert.same({ "Dallas Fed", "St. Louis Fed" },
        found("The Dallas Fed said activity slowed; the St. Louis Fed agreed."))
    end))

  it("takes an acronym before '-owned' or '-backed', not a country's", function()
    assert.same({ "KBX", "UN" }, found("The KBX-owned station aired the " ..
      "UN-backed plan and the US-led talks."))
    conll(function()
      assert.same({}, found("The KBX-owned station aired it."))
    end)()
  end)

  it("takes a known name before '-owned', not any word", function()
    assert.same({ "Exxon", "TikTok" },
      found("The Exxon-owned mine and ByteFlux-owned TikTok grew, and "
        .. "Moscow-based Halden-owned firms too."))
  end)

  it("does not start a name with a month", conll(function()
    assert.same({ "National Association of Widget Makers" },
      found("Bonds fell after the August National Association of Widget " ..
        "Makers survey."))
  end))

  it("takes words before a head", conll(function()
    assert.same({ "National Bank of Moldavia" },
      found("Officials at the National Bank of Moldavia said rates would rise."))
  end))

  it("reads no name whose last word begins the title after it", function()
    assert.same({ "Tarvel Defence" },
      found("German Defence Minister Ivo Rask will visit. Tarvel Defence " ..
        "said no."))
    -- one word is the body
    assert.same({ "Treasury" }, found("Treasury Secretary Ivo Rask spoke."))
  end)

  it("ends a head's name before a person's title and name", function()
    local text = "Bank of Moldavia Deputy Governor Ion Vartic said rates " ..
      "would rise; University of Tarvia Professor Ada Marsh agreed."
    assert.same({ "Bank of Moldavia", "University of Tarvia" }, found(text))
    assert.same({ "Ion Vartic", "Ada Marsh" }, found(text, "PERSON"))
    local titles = {}
    for _, e in ipairs(ex:extract(text).entities) do
      if e.label == "PERSON" then titles[#titles + 1] = e.title end
    end
    assert.same({ "Deputy Governor", "Professor" }, titles)
    -- a title that ends the name is the name's
    assert.same({ "The Office of the Trade Representative" },
      found("The Office of the Trade Representative said so."))
  end)

  it("does not let a place beat a person after a title", function()
    assert.same({ "Jordan" }, found("Mr. Jordan said the plan works.",
      "PERSON"))
  end)

  it("leaves places that end in an organization word to places", function()
    assert.same({}, found("Settlers in the West Bank met envoys of the " ..
      "Soviet Union."))
  end)
end)

describe("org: legislatures and indexes", function()
  it("reads 'the House' alone as the chamber", function()
    assert.same({ "House" }, found("The bill passed the House on Monday."))
    assert.same({}, found("She read the House Beautiful issue."))
  end)

  it("reads 'the Legislature' alone as a body", function()
    assert.same({ "Legislature" },
      found("The Republican-controlled Legislature passed it."))
  end)

  it("does not read a stock index as its publisher", function()
    assert.same({}, found("The S&P 500 rose while the FTSE 100 fell."))
    assert.same({ "S&P" }, found("S&P cut the rating."))
  end)

  it("reads 'the Dow' as an organization in the OntoNotes convention only",
    function()
      local text = "The Dow fell 50 points; Dow Chemical rose."
      assert.same({ "Dow Chemical" }, found(text))
      local out = {}
      for _, e in ipairs(glean.new { convention = "ontonotes" }
          :extract(text).entities) do
        out[#out + 1] = e.text
      end
      assert.same({ "Dow", "Dow Chemical" }, out)
    end)
end)

describe("org: acronyms", function()
  it("reads an acronym a name defines in parentheses, and finds it again",
    function()
    assert.same({ "TARVMON", "TARVMON", "Acme Corp" },
      found("The Tarvian Monitoring Mission (TARVMON) met. TARVMON said "
        .. "so. Acme Corp (UPDATED) rose."))
  end)

  it("reads the whole name whose initials the acronym is", function()
    assert.same({ "The Quanzhou Post and Telecommunications Administration",
      "QPTA" }, found("The Quanzhou Post and Telecommunications " ..
        "Administration (QPTA) said so."))
    assert.same({ "Harbor Workers and Drivers", "HWD" },
      found("Members of Harbor Workers and Drivers (HWD) struck."))
    -- not a name the initials end inside, nor a person
    assert.same({ "RDRT" }, found("The Rally for the Return of Refugees " ..
      "and Democracy in Tarvia (RDRT) met."))
    assert.same({ "Ann Lee Smith" },
      found("Ann Lee Smith (ALS) spoke.", "PERSON"))
  end)

  it("reads no ticker symbol as an organization", function()
    assert.same({ "Norvale Therapeutics, Inc.", "NASDAQ", "TKRA" },
      found("Norvale Therapeutics, Inc. (NASDAQ: NRVL) rose; the TKRA "
        .. "regulator agreed."))
  end)

  it("takes an unknown acronym in running text", function()
    assert.same({ "KVDR" }, found("The regulator KVDR fined the bank."))
  end)

  it("skips common abbreviations and datelines", function()
    assert.same({}, found("GDP rose while TV ratings fell at 10 a.m. EDT."))
    assert.same({}, found("Updated 6:45 p.m. ET, after a CT scan showed " ..
      "the ship held 500,000 MT of wheat."))
    assert.same({},
      found("Bonn peace call.\nBONN 1996-08-30\nThe government said."))
    assert.same({}, found("Exports to JAPAN fell, the ministry said."))
  end)
end)

describe("org: sports results", function()
  it("reads a rider's team after the country in a results row",
    conll(function()
      assert.same({ "Varnel", "QX Tarvia" },
        found("Results:\n1. Ivo Marsh (Germany) Varnel 4 hours 48 mins\n" ..
          "2. Ana Ruiz (Spain) QX Tarvia\n3. Eva Lund (Sweden), Tom Berg " ..
          "(Norway) 38.87\nThe minister (Germany) Said nothing.\n"))
    end))

  it("reads clubs by their town where the text tells a score", function()
    assert.same({ "Arsenal", "Everton" },
      found("Leaders City beat Arsenal 3-1 on Sunday, and Everton drew 1-1 "
        .. "at home."))
    -- a tennis score names players; a town is a town elsewhere
    assert.same({}, found("Ann Vale beat Ida Lund 6-3 6-4 at Wimbledon."))
    assert.same({}, found("Rain fell in Everton and Arsenal on Sunday."))
    -- a street in a sports report is no club
    assert.same({ "Yankees", "the Red Sox", "Yankees" }, found("BASEBALL - " ..
      "YANKEES WIN.\nNEW YORK 1996-08-30\nThe Yankees beat the Red Sox " ..
      "5-3 as fans on River Avenue cheered. The Yankees lead by four."))
  end)

  it("reads the clubs of result lines and standings rows", function()
    local text = "Results on Sunday:\nRiverton 3 Lakeside 1 (halftime 1-0)\n" ..
      "Standings:\nRiverton 3 1 0 6 1 10\nLakeside 0 2 1 4 5 2\n"
    assert.same({ "Riverton", "Lakeside", "Riverton", "Lakeside" }, found(text))
  end)

  it("reads the first club of a fixture line, not the venue", function()
    assert.same({ "PORTAGE" }, found("Schedule:\nPORTAGE AT WESTBURY\n"))
  end)

  it("finds a club of a table again in the text", function()
    local text = "Riverton 3 Lakeside 1\nRiverton now lead the league."
    assert.same({ "Riverton", "Lakeside", "Riverton" }, found(text))
  end)

  it("does not read a person in a results table as a club", function()
    local text = "Scores:\nThomas Harlow 68 70 69\n"
    assert.same({}, found(text))
    assert.same({ "Thomas Harlow" }, found(text, "PERSON"))
  end)

  it("reads towns as clubs only in a team-sport report", function()
    local report = "CRICKET - SURREY BEAT KENT.\nLONDON 1996-08-30\n" ..
      "Surrey beat Kent by five wickets at Canterbury on Friday."
    assert.same({ "SURREY", "KENT", "Surrey", "Kent" }, found(report))
    assert.same({}, found("Floods hit Surrey and Kent on Friday."))
  end)

  it("reads a club named by a prefix and its town, and the prefix again",
    function()
    local report = "SOCCER - VITESSE WIN.\nARNHEM 1996-08-30\n" ..
      "Vitesse Arnhem beat Racing Santander 2-0. Vitesse led at half-time."
    assert.same({ "VITESSE", "Vitesse Arnhem", "Racing Santander", "Vitesse" },
      found(report))
    -- an ambiguous prefix ("Racing") is no name alone
    assert.same({ "Racing Santander" },
      found("Racing Santander lost. Racing was poor."))
  end)

  it("reads continental clubs by their short names in a sports report",
    function()
    local report = "SOCCER - SEVILLA HOLD VALENCIA.\nMADRID 1996-08-31\n" ..
      "Sevilla held Valencia 1-1 and Leverkusen beat Guingamp."
    assert.same({ "SEVILLA", "VALENCIA", "Sevilla", "Valencia", "Leverkusen",
      "Guingamp" }, found(report))
    assert.same({}, found("Valencia is a city on the coast."))
  end)

  it("leaves a venue and a dateline to places", function()
    local report = "SOCCER - LEEDS HOLD HULL.\nLEEDS 1996-08-30\n" ..
      "Hull held Leeds 1-1 in Leeds on Saturday."
    assert.same({ "LEEDS", "HULL", "Hull", "Leeds" }, found(report))
  end)

  it("leaves the town of a ground and a town before 'side' to places", function()
    local report = "CRICKET - SURREY BEAT KENT.\nLONDON 1996-08-30\n" ..
      "At Grace Road (Leicester): Surrey beat Kent by five wickets. " ..
      "The Leicester side lost."
    assert.same({ "SURREY", "KENT", "Surrey", "Kent" }, found(report))
  end)
end)

describe("org: words inside names", function()
  it("keeps a plural that opens sentences inside a name", function()
    assert.same({ "the Federation of Independent Boat Dealers" },
      found("He spoke to the Federation of Independent Boat Dealers."))
  end)

  it("does not join two names with 'and'", function()
    assert.same({ "the Bank of Quenland", "Bundesbank" },
      found("Officials of the Bank of Quenland and Bundesbank met."))
    assert.same({ "the University of Varnholt", "Larsby University" },
      found("She studied at the University of Varnholt and Larsby University."))
    assert.same({ "The Ministry of Trade and Industry" },
      found("The Ministry of Trade and Industry said exports rose."))
    -- a known name ends before "and"
    assert.same({ "Amnesty International", "Larsby Rights Watch" },
      found("Amnesty International and Larsby Rights Watch protested."))
  end)

  it("knows names joined by 'and' or '/' from the list", function()
    assert.same({ "Royal Dutch/Shell",
      "The Hongkong and Shanghai Banking Corp" },
      found("Royal Dutch/Shell said output rose. "
        .. "The Hongkong and Shanghai Banking Corp raised its prime rate."))
  end)
end)

describe("org: span conventions", function()
  it("puts 'the' and 's into multi-word names by default (OntoNotes)",
    function()
      assert.same({ "the Commerce Department's", "Fed" },
        found("He read the Commerce Department's report and the Fed's minutes."))
    end)

  it("leaves them out in the CoNLL-2003 convention", conll(function()
    assert.same({ "Commerce Department", "Fed" },
      found("He read the Commerce Department's report and the Fed's minutes."))
  end))

  it("keeps each extractor's convention to itself", function()
    local text = "He read the Commerce Department's report."
    local function spans(x)
      local e = x:extract(text).entities[1]
      return e.text
    end
    assert.equal("Commerce Department", spans(conll_ex))
    assert.equal("the Commerce Department's", spans(ex))
    assert.equal("Commerce Department", spans(conll_ex))
  end)

  it("rejects an unknown convention naming the known ones", function()
    local ok, err = pcall(glean.new, { convention = "conl" })
    assert.is_false(ok)
    assert.matches("unknown convention 'conl' %(known: default, conll, ontonotes%)", err)
  end)
end)

describe("org: a name used as a modifier", function()
  it("leaves 'the' to the noun the name modifies", function()
    assert.same({ "Big Board", "Tarnow Holdings Corp." },
      found("Traders on the Big Board floor waited, and the Tarnow "
        .. "Holdings Corp. unit was sold."))
    -- before a verb or at the end, "the" stays with the name
    assert.same({ "the Tarnow Holdings Corp." },
      found("Shares of the Tarnow Holdings Corp. fell."))
  end)

  it("leaves 'the' to a leader, a convention, a meeting", function()
    assert.same({ "Tarvian Labour Party", "Tarvian Labour Party" },
      found("Ann Voss, the Tarvian Labour Party leader, met the Tarvian "
        .. "Labour Party candidates."))
    assert.same({ "Tarvian Bankers Association", "Kell Development Bank" },
      found("She spoke at the Tarvian Bankers Association convention and "
        .. "the Kell Development Bank annual meeting."))
  end)

  it("drops the listed 'The' of a one-word newspaper name", function()
    assert.same({ "Herald" }, found("The Herald's staff left."))
  end)

  it("takes the field of a department before its secretary", function()
    assert.same({ "Treasury", "State", "Labor" },
      found("Treasury Secretary Dana Whitcombe and Secretary of State "
        .. "Owen Pratt met Labor officials."))
    -- another country's ministry is not the department
    assert.same({}, found("Indian Commerce Secretary Vikram Rao arrived."))
  end)

  it("leaves the field alone in the CoNLL-2003 convention", conll(function()
    assert.same({}, found("Secretary of State Owen Pratt met Labor officials."))
  end))

  it("takes 'House' before what belongs to the chamber", function()
    assert.same({ "House", "House", "House" },
      found("House aides said a House subcommittee met, and House "
        .. "Majority Whip Tom Harlan agreed."))
    -- not the end of another name
    assert.same({}, found("Tarnbrook House aides said the deal was off."))
    -- an article that opens the sentence is not such a name
    assert.same({ "House" }, found("A House aide said the deal was off."))
  end)
end)

describe("org: the kind of organization next to its name", function()
  it("reads a name after its kind", function()
    assert.same({ "Morgenpost", "Nedelkov", "Aquastra" },
      found("Police told the daily Morgenpost and the weekly Nedelkov "
        .. "that mineral water firm Aquastra had closed."))
    assert.same({ "Velmora", "Dastrek" },
      found("Its aerospace unit Velmora and the copper miner Dastrek grew, "
        .. "but not the aircraft carrier Intrepid."))
    -- not a person's name, a date or a single letter
    assert.same({}, found("The company John Reid founded was sold to "
      .. "the group in May, and the company N.A. was not."))
  end)

  it("reads a name before 'newspaper' and a company's parts", function()
    assert.same({ "Dawn Chronicle", "Velmar Optical", "Corvin" },
      found("Britain's Dawn Chronicle newspaper said its Velmar Optical "
        .. "subsidiary and the Corvin unit were sold."))
    -- a unit needs "its", "the" or a possessive before it
    assert.same({}, found("Sales at Corvin unit level rose."))
  end)

  it("reads a paper named \"The\" and one word only where it is one",
    conll(function()
      assert.same({ "The Times", "The Australian", "The Australian" },
        found("The Australian had upset his rhythm. The Standard & Poor's " ..
          "index fell. The Times was left in limbo. He told The Australian " ..
          "it was over. The Australian said so."))
    end))

  it("reads a name before 'union'", function()
    assert.same({ "Riveters", "Letter Sorters" },
      found("Striking Riveters union members met Letter Sorters union " ..
        "leaders. The Soviet union fell."))
  end)

  it("finds such a name again elsewhere", function()
    assert.same({ "Quillan", "Quillan", "Marrow", "Marrow" },
      found("Its Quillan division grew, and Quillan's films sold. The "
        .. "Marrow chain closed; Marrow had 40 stores."))
  end)
end)

describe("org: short names of listed organizations", function()
  it("finds the first word of a trade name again", function()
    assert.same({ "Fidelity Investments", "Fidelity", "Fidelity" },
      found("Fidelity Investments cut fees. A Fidelity spokesman said "
        .. "Fidelity would not comment."))
  end)

  it("does not take a town for the newspaper named after it", function()
    assert.same({ "The Washington Post" },
      found("The Washington Post said Washington would act."))
  end)
end)

describe("org: teams of the North American leagues", function()
  local onto_ex = glean.new { convention = "ontonotes" }
  local text = "The Chicago Cubs beat the Montreal Expos. The Cubs have "
    .. "won six straight."

  it("finds the nickname again after the full name", function()
    assert.same({ "The Chicago Cubs", "the Montreal Expos", "Cubs" },
      found(text))
  end)

  it("gives the nickname alone in the OntoNotes convention", function()
    local out = {}
    for _, e in ipairs(onto_ex:extract(text).entities) do
      out[#out + 1] = e.text
    end
    assert.same({ "Cubs", "Expos", "Cubs" }, out)
  end)

  it("reads nicknames in a baseball report", conll(function()
    assert.same({ "CUBS", "EXPOS", "Cubs", "Expos" },
      found("BASEBALL - CUBS BEAT EXPOS.\nCHICAGO 1996-08-30\n"
        .. "The Cubs beat the Expos 5-3 on Friday."))
    assert.same({}, found("The cubs and the expos of the zoo."))
  end))
end)

describe("org: joint names and line breaks", function()
  it("joins names on both sides of a slash", function()
    assert.same({ "Halvey / Brandt Group", "Tessin / Orr Inc." },
      found("It sold the unit to Halvey / Brandt Group. Later Tessin / "
        .. "Orr Inc. agreed."))
    -- a slash between two words that name nothing stays out
    assert.same({}, found("The either / or choice was put to them."))
    -- not a town after the slash
    assert.same({ "Halvey Group" },
      found("It sold the unit to Halvey Group / Boston."))
  end)

  it("takes the first partner's two words", function()
    assert.same({ "Smith Carrow, Harris Upham & Co." },
      found("He is an analyst at Smith Carrow, Harris Upham & Co. now."))
    -- the "&" of "S&P" does not make a partnership
    assert.same({ "the Orland Mercantile Exchange" },
      found("On the Orland Mercantile Exchange, S&P 500 futures fell."))
  end)

  it("does not run a name over a line break", conll(function()
    assert.same({ "Tarrow Rovers", "Bolton" },
      found("SOCCER - RESULTS.\nTarrow Rovers v Bolton\nDivision two\n"))
  end))
end)

describe("org: abbreviations that name no organization", function()
  it("leaves runs batted in to baseball", conll(function()
    assert.same({}, found("He had three RBI and an RBI double on Friday."))
    assert.same({ "RBI" }, found("The RBI raised rates on Friday."))
  end))

  it("leaves terms of trade and technology alone", function()
    assert.same({}, found("Output of PVC rose as the DJIA fell and CFC use ended."))
  end)

  it("reads two capitals after a town as its state", function()
    assert.same({ "QX" }, found("Ivo Ruiz of Plano, TX, said the QX deal " ..
      "was off. Ottawa, ON is cold."))
  end)

  it("leaves a sport opening a wire headline alone", conll(function()
    assert.same({}, found("Results follow.\nGOLF - LEADING SCORES.\n" ..
      "DARTS - RESULTS.\n"))
  end))

  it("leaves the letters after a person's name alone", function()
    assert.same({}, found("Nora Pell KC and Sir Ian Tove QC spoke; " ..
      "Ada Marsh OBE did not."))
  end)
end)

describe("org: names that the words around them call companies", function()
  it("reads an aside that calls the name a company", function()
    assert.same({ "Verrow" }, found("Verrow, a maker of garden pumps, " ..
      "cut 40 jobs."))
    assert.same({ "Tallis Brand" }, found("Tallis Brand, the Ohio " ..
      "retailer, said sales fell."))
    assert.same({ "Ledgerqo" }, found("Ledgerqo, a start-up that builds " ..
      "accounting tools, raised money."))
  end)

  it("reads an aside that calls the name an alliance or an institute",
    function()
      assert.same({ "Tessaly" }, found("Tessaly, a farm lobby alliance, " ..
        "said prices fell."))
    end)

  it("reads where a person named in full works", function()
    assert.same({ "Varnel Cheuvreux" },
      found("Ingo Becker of Varnel Cheuvreux called it a lifeline. Ana " ..
        "Ruiz of Madrid agreed. Al Roe of Plantation, Fla., was fined."))
  end)

  it("reads where an analyst or an economist works", function()
    assert.same({ "Varnholt" }, found("Ruth Baines, an analyst at " ..
      "Varnholt, said the deal was fair."))
    assert.same({ "Quenby Macro" }, found("A strategist with Quenby Macro " ..
      "agreed."))
    -- a founder's initials and name: no person
    assert.same({ "B. Riley Quenby", "D.A. Varnholt" },
      found("A strategist at B. Riley Quenby agreed, as did an analyst " ..
        "at D.A. Varnholt."))
    -- not a place, nor a person
    assert.same({}, found("Ana Lund, a researcher at Kyoto, agreed."))
    assert.same({}, found("She met a lawyer with John Reid on Monday."))
  end)

  it("reads a name an aside says is based somewhere", function()
    assert.same({ "Quarry Controls", "Pacific Quenby", "Quarry Controls" },
      found("Quarry Controls, based in Wickliffe, Ohio, makes valves. " ..
        "Pacific Quenby, based in Los Angeles, agreed. Later Quarry " ..
        "Controls said so."))
    -- a person named so stays a person
    assert.same({ "Ann Lee" }, found("Ann Lee, based in London, said no.",
      "PERSON"))
    -- at a line's start too
    assert.same({ "Comelq", "Comelq" }, found("Output rose.\nComelq, " ..
      "based in the north, grew.\nComelq exported more."))
  end)

  it("reads a name after the place it is based in", function()
    assert.same({ "Quencorp", "Life of Quenland", "Quencorp" },
      found("Ohio-based Quencorp and Atlanta-based Life of Quenland " ..
        "rose. Quencorp declined to comment. A London-based analyst " ..
        "agreed."))
  end)

  it("reads a book's publisher in a review", function()
    assert.same({ "Quenhaus", "Quenhaus" }, found("His novel “A Long Walk” " ..
      "(Quenhaus, 320 pages, $18.95) sold well, and Quenhaus reprinted it."))
  end)

  it("reads a name whose chairman, board or shares are spoken of", function()
    assert.same({ "Verrow", "Verrow" }, found("Verrow's chairman left. " ..
      "Shares of Verrow fell."))
  end)

  it("finds such a name again elsewhere in the text", function()
    assert.same({ "Quillon", "Quillon" }, found("Quillon, a unit of a " ..
      "larger group, hired staff. Later Quillon said it would expand."))
  end)

  it("leaves people, places and sentence words alone", function()
    assert.same({}, found("Separately, the company said sales rose."))
    assert.same({}, found("In Ohio, the bank opened a branch."))
    assert.same({}, found("Mr. Verrow's shares were sold."))
    -- a name starts where its capitals do: never "Fried Chicken" alone
    assert.same({ "Lakeside Fried Chicken" }, found("Lakeside Fried " ..
      "Chicken, a unit of a group, opened a shop."))
    assert.same({}, found("Ohio Fried Chicken, a unit of a group, opened " ..
      "a shop."))
  end)
end)

describe("org: headlines in capitals", function()
  it("reads AS there as the word, not Norway's legal form", function()
    assert.same({}, found("SOCCER - VIDAR NAMED AS NEW CAPTAIN"))
    assert.same({ "Fjordvik Shipping AS" },
      found("Fjordvik Shipping AS cut 40 jobs."))
  end)
end)

describe("org: competitions named after a body", function()
  it("reads them as events, not as the body", function()
    assert.same({}, found("Ostrava qualified for the UEFA Cup, and Lind " ..
      "won the Nortel Open."))
    assert.same({ "UEFA" }, found("UEFA fined the club."))
  end)

  it("reads games named after a place or a people as events", function()
    assert.same({}, found("She won gold at the Oslo Games and at the " ..
      "Asian Games."))
  end)

  it("reads tours, baseball leagues and market indexes as CoNLL-2003 " ..
      "does", function()
    local text = "He left the PGA Tour for the American League, and the " ..
      "Dow Jones industrial average rose."
    assert.same({ "the PGA Tour", "the American League", "the Dow Jones" },
      found(text))
    conll(function() assert.same({}, found(text)) end)()
  end)
end)
