-- person_spec.lua — people (packs/person.lua and glean.names): titles kept
-- out of spans, names that do not cross a line break, initials, results
-- tables, team sheets, cricket scorecards, appositions and the clusters
-- that join later mentions to a full name. Runs the default packs, because
-- person and org rules compete for the same words. The sentences and names
-- are written for these tests. Runs under Lua 5.4 and LuaJIT.

local glean = require "glean"

local ex = glean.new()

-- The PERSON entities of text (by extractor `with`, else the default
-- one), each checked against its offsets.
local function people(text, with)
  local out = {}
  for _, e in ipairs((with or ex):extract(text).entities) do
    if e.label == "PERSON" then
      assert.equal(e.text, text:sub(e.start + 1, e["end"]))
      out[#out + 1] = e
    end
  end
  return out
end

-- Just the texts of the PERSON entities, in order.
local function names(text, with)
  local out = {}
  for _, e in ipairs(people(text, with)) do out[#out + 1] = e.text end
  return out
end

describe("person: spans", function()
  it("keeps titles out of the span and in the title field", function()
    local ps = people("Gov. Maribel Duarte's plan failed. "
      .. "Prime Minister Ilkka Rantanen agreed.")
    assert.equal(2, #ps)
    assert.equal("Maribel Duarte", ps[1].text)      -- no "Gov.", no "'s"
    assert.equal("Gov.", ps[1].title)
    assert.equal("Ilkka Rantanen", ps[2].text)
    assert.equal("Prime Minister", ps[2].title)
  end)

  it("keeps a place in the title unless it ends an organization's name",
    function()
      local ps = people("After the ouster of Haitian President Ion Vartic, "
        .. "Bank of Tarvia Governor Ada Marsh resigned.")
      assert.equal("Haitian President", ps[1].title)
      assert.equal("Governor", ps[2].title)
    end)

  it("reads a title that is also a given name as a title", function()
    local ps = people("Sultan Qaboos bin Said opened the new port.")
    assert.equal("Qaboos bin Said", ps[1].text)
    assert.equal("Sultan", ps[1].title)
  end)

  it("takes no common noun after a title for a name", function()
    assert.same({}, names("The Major Market Index fell, and the General " ..
      "Treaty talks stalled."))
  end)

  it("does not read a county or a street named after a person as one",
    function()
    assert.same({ "Grady Lusk" }, names("He spoke at the Marion County "
      .. "courthouse and the Kent County Republican office with Sheriff "
      .. "Grady Lusk."))
    assert.same({}, names("Downing Street said no, and Keller Road was "
      .. "closed."))
    assert.same({ "Tran Van Quan" }, names("They marched down Tran Hung " ..
      "Dao Street past Martin Luther King Square to John F. Kennedy " ..
      "Airport. Tran Van Quan said so."))
  end)

  it("does not run a name over a line break", function()
    assert.same({ "Imre Balogh" }, names("Imre Balogh\nBUDAPEST 2024-05-02\n"))
    local got = names("The field: Pavel Horak, Kwame\nAsante, Tomasz Wrobel.")
    for _, n in ipairs(got) do assert.is_nil(n:find("\n")) end
  end)
end)

describe("person: initials", function()
  it("takes initials and a surname", function()
    assert.same({ "K. Osei", "M. A. Rahman" },
      names("Later K. Osei and M. A. Rahman batted well."))
  end)

  it("keeps an unknown given name before initials", function()
    assert.same({ "Horatio B. Quillfeather" },
      names("Horatio B. Quillfeather, the publisher, resigned."))
  end)
end)

describe("person: sports reports", function()
  it("reads names in a results table", function()
    assert.same({ "Zorvan Quillet", "Kofi Amankwah" },
      names("1. Zorvan Quillet (Poland) 2:10:31\n"
        .. "2. Kofi Amankwah (Ghana) 2:11:02\n"))
  end)

  it("reads a player's line in a game story", function()
    assert.same({ "Kristaps Vilnis", "Karl-Anton Towne" },
      names("Kristaps Vilnis had 15 points and 11 rebounds. Karl-Anton " ..
        "Towne added four 3-pointers."))
    -- not a company's figures
    assert.same({}, names("Kestrel Dynamics had 15 stores in 2020."))
  end)

  it("reads a pitcher's record, a monarch's number, a byline above a "
    .. "dateline", function()
    assert.same({ "Chad Quell" }, names("He homered off Chad Quell (7-5) " ..
      "in the first."))
    assert.same({ "Henry VIII", "Louis XIV" }, names("Daughter of Henry " ..
      "VIII, she admired Louis XIV."))
    assert.same({ "Emese Bartho" }, names("Shares plunge on results.\n" ..
      "Emese Bartho\nBUDAPEST 1996-08-30\nShares fell on Friday.\n"))
  end)

  it("reads a team sheet with shirt numbers", function()
    assert.same({ "Ilir Berisha", "Dragan Stojkovski" },
      names("Albania: 1 - Ilir Berisha, 4 - Dragan Stojkovski."))
  end)

  it("reads bowlers and fielders on a scorecard", function()
    assert.same({ "T. Quayle", "Pemberton", "Ashdown", "Ashdown" },
      names("T. Quayle c Pemberton b Ashdown 14\nlbw b Ashdown 0\n"))
    local got = names("R. Fairweather c Pemberton b Ashdown 14")
    assert.same({ "R. Fairweather", "Pemberton", "Ashdown" }, got)
  end)
end)

describe("person: appositions", function()
  it("takes unknown names that an apposition describes", function()
    assert.same({ "Zebedee Quarshie" },
      names("Zebedee Quarshie, a spokesman for the ministry, declined."))
  end)

  it("does not take a company described the same way", function()
    assert.same({}, names("The plant, a factory of steel, closed."))
  end)

  it("takes a name after a word for someone, or before \", who\"",
    function()
      assert.same({ "Mubra Dagov", "Orla Tenne" },
        names("“It is our dream,” said a 30-year-old woman, Mubra Dagov. " ..
          "Orla Tenne, who teaches art, agreed."))
      -- a monastery is no one
      assert.same({}, names("The abbot of the Po Lin Monastery, who spoke " ..
        "first, agreed."))
    end)

  it("takes a name before an age between commas, or credited after a "
    .. "quotation", function()
      assert.same({ "Quina Jonas", "Sonya Herrig" },
        names("“We will not shut up,” Quina Jonas, 25, said.\n\n" ..
          "“He is our greatest shame.” ― Sonya Herrig\n"))
      -- a dash after a quotation in a sentence that goes on names no one
      assert.same({}, names("He said “no” — Quell Marsh agreed later."))
      -- a word for someone opening the sentence is no part of the name
      assert.same({ "Oyel Bakare" }, names("Resident Oyel Bakare, 67, " ..
        "said she had not left her house."))
    end)

  it("takes a name after an age", function()
    assert.same({ "Marlo Quent" },
      names("Police said 34-year-old Marlo Quent was arrested."))
  end)

  it("takes a relative's name between commas, a given name alone too",
    function()
      assert.same({ "Ana Ruiz", "Tomas", "Ivo Petrov" },
        names("Ana Ruiz and her husband, Tomas, left. Their son, Ivo " ..
          "Petrov, stayed."))
      -- an obituary's list of survivors
      assert.same({ "Ana Ruiz", "Pieter", "Willem" },
        names("Ana Ruiz is survived by a son, Pieter; a brother, Willem; " ..
          "and four grandchildren."))
    end)

  it("takes unknown names between commas after a title", function()
    assert.same({ "Chheang Ra", "Olu Adebayo" },
      names("Tarvia's health minister, Chheang Ra, said so. The firm's " ..
        "chief executive, Olu Adebayo, agreed."))
    assert.same({ "Taizo Wendt" },
      names("“We will act,” said the spokesman, Taizo Wendt."))
    -- not places listed after a title
    assert.same({}, names("The minister, Tarvia, Quenland and others met."))
  end)

  it("takes the name a wire service quotes or an organization's speaker",
    function()
      assert.same({ "Majorie Quell", "Quell" }, names("The paper quoted " ..
        "Majorie Quell as saying she did a chart. Quell said so."))
      assert.same({ "Faik Nerwey", "Nerwey" }, names("“They are here,” " ..
        "Faik Nerwey of the Kurdistan Democratic Party told reporters. " ..
        "Nerwey said no more."))
      -- a plural title is no given name
      assert.same({ "Philip Kurlan" }, names("Professors Philip Kurlan " ..
        "of the University of Chicago agreed."))
    end)

  it("leaves the verb of an inverted attribution out of the name", function()
    assert.same({ "Zebedee Quarshie", "Orla Finnerty" },
      names("Says Zebedee Quarshie, an analyst at the bank: \"It is over.\" " ..
        "Adds Orla Finnerty, a trader: \"Not yet.\""))
  end)
end)

describe("person: clusters", function()
  it("joins a later surname to the full name", function()
    local ps = people("Ingrid van der Berg met the press. "
      .. "Berg said the plan would work.")
    assert.equal(2, #ps)
    assert.equal("Berg", ps[2].text)
    assert.equal(ps[1].id, ps[2].id)
    assert.equal("Ingrid van der Berg", ps[2].canonical)
  end)

  it("gives every mention the fullest name of its cluster", function()
    local ps = people("Mr. Rantanen spoke first. Later Ilkka Rantanen " ..
      "agreed.")
    assert.equal("Rantanen", ps[1].text)
    assert.equal("Ilkka Rantanen", ps[1].canonical)
    assert.equal(ps[1].id, ps[2].id)
  end)

  it("joins a full name with a middle name to the same name without", function()
    local ps = people("Rosalind Quade spoke. Rosalind Maria Quade was born " ..
      "in 1935. Ilse Quade, her sister, agreed.")
    assert.equal(ps[1].id, ps[2].id)
    assert.equal("Rosalind Maria Quade", ps[1].canonical)
    assert.are_not.equal(ps[1].id, ps[3].id)
    -- a family name first is no given name: two people
    ps = people("Red Cross president Li Song-ho said so. In 1993 Seoul " ..
      "freed Li In-mo, a partisan.")
    assert.equal(2, #ps)
    assert.are_not.equal(ps[1].id, ps[2].id)
  end)

  it("finds a given name used alone for the one full name it begins",
    function()
      local ps = people("Marisol Quintero runs the shop with her sister, " ..
        "Luz Quintero-Park. Luz handles the books. “Marisol is the " ..
        "artist,” she said.")
      assert.equal(4, #ps)
      assert.equal("Luz", ps[3].text)
      assert.equal(ps[2].id, ps[3].id)
      assert.equal("Marisol", ps[4].text)
      assert.equal(ps[1].id, ps[4].id)
      -- not a word of another name, nor a headline's capitals, nor a
      -- given name two people share
      assert.same({ "David Quell", "Henry Varn", "Ann Roe", "Ann Lee" },
        names("David Quell flew to Camp David. Henry Varn lives on Henry " ..
          "Street. HENRY WINS. Ann Roe and Ann Lee met. Ann left."))
    end)

  it("reads an unknown given name before a known surname as a person of "
    .. "its own", function()
    local ps = people("President Boris Kovrin visited his wife. Naina " ..
      "Kovrin had an operation. “She is better,” Kovrin said. But Kovrin " ..
      "left.")
    assert.same({ "Boris Kovrin", "Naina Kovrin", "Kovrin", "Kovrin" },
      { ps[1].text, ps[2].text, ps[3].text, ps[4].text })
    assert.are_not.equal(ps[1].id, ps[2].id)
    assert.equal(ps[1].id, ps[3].id)
    assert.equal(ps[1].id, ps[4].id)
    -- not across a line break
    ps = people("Boris Kovrin won.\nResults: 1. Jane\nKovrin (Russia)")
    assert.equal("Kovrin", ps[#ps].text)
  end)

  it("joins a full name to its given name named alone before", function()
    local ps = people("Her son, Amit, spoke. Later Amit Voss agreed.")
    assert.equal("Amit", ps[1].text)
    assert.equal(ps[1].id, ps[2].id)
    assert.equal("Amit Voss", ps[1].canonical)
  end)

  it("keeps apart a full name whose given name tells the other gender of "
    .. "an honorific", function()
      local ps = people("Mr. Quade spoke. Mr. Quade left. Michelle Quade " ..
        "stayed.")
      assert.equal("Michelle Quade", ps[3].text)
      assert.are_not.equal(ps[1].id, ps[3].id)
      assert.equal("Quade", ps[1].canonical)
    end)

  it("finds the name in a headline in capitals", function()
    local ps = people("ZOLTAN FARKAS RETURNS. FARKAS SCORES.\n"
      .. "Zoltan Farkas returned to the club.")
    assert.equal("Zoltan Farkas", ps[#ps].text)
    assert.equal("ZOLTAN FARKAS", ps[1].text)
    assert.equal("FARKAS", ps[2].text)
    assert.equal(ps[#ps].id, ps[1].id)
    assert.equal(ps[#ps].id, ps[2].id)
  end)

  it("finds a full name the rules missed elsewhere whole", function()
    local ps = people("Marshall Quade wants more money. Later Marshall "
      .. "Quade said the plan would fail.")
    assert.equal(2, #ps)
    assert.equal("Marshall Quade", ps[1].text)
    assert.equal(ps[1].id, ps[2].id)
  end)

  it("finds bare mentions of a titled surname, before and after", function()
    local ps = people("Later Quillemot scored twice. "
      .. "Coach Quillemot was pleased.")
    assert.equal(2, #ps)
    assert.equal("Quillemot", ps[1].text)
    assert.equal(ps[1].id, ps[2].id)
  end)

  it("does not take the surname written in lower case", function()
    assert.same({ "Helena Rice", "Rice" },
      names("Helena Rice grows rice. Rice sells it."))
  end)
end)

describe("person: particles", function()
  it("keeps the particle before a surname used alone", function()
    local ps = people("Pieter van der Quellen saved twice. "
      .. "Later Van der Quellen fumbled a shot.")
    assert.equal(2, #ps)
    assert.equal("Van der Quellen", ps[2].text)
    assert.equal(ps[1].id, ps[2].id)
  end)

  it("reads the Swahili particle 'wa'", function()
    assert.same({ "Kiplagat wa Mutua" },
      names("Prime Minister Kiplagat wa Mutua told parliament."))
  end)

  it("chains a second particle and name after the surname", function()
    local ps = people("Sheikh Hamdan bin Rashid Al Qasimi opened the port. "
      .. "Emir Tamim bin Hamad Al Thani arrived. Later Sheikh Hamdan left.")
    assert.same({ "Hamdan bin Rashid Al Qasimi", "Tamim bin Hamad Al Thani",
      "Hamdan" }, { ps[1].text, ps[2].text, ps[3].text })
    assert.equal(ps[1].id, ps[3].id)
    assert.same({ "Luisa Ortega de Valdivia" },
      names("Luisa Ortega de Valdivia won the seat."))
  end)
end)

describe("person: more sports rows", function()
  it("reads goal scorers with the minute", function()
    assert.same({ "Zoran Quellic", "Bratvik" },
      names("Scorers:\nCroatia - Zoran Quellic (61st)\n"
        .. "Norway - Bratvik (80th)\n"))
  end)

  it("reads a cricket scorecard's batsmen and those who did not bat",
    function()
      assert.same({ "Vell Taruk", "Quarmby", "Ostrander", "Pell",
        "Quarmby", "Ravik", "Tulloh", "Dannet" },
        names("Scorecard:\nVell Taruk lbw b Quarmby 12\nOstrander c Pell " ..
          "b Quarmby 4\nDid not bat: Ravik, Tulloh, Dannet.\n"))
      -- no batsman opens a line of prose
      assert.same({}, names("Does it matter?\nAbsolutely not.\n"))
    end)

  it("reads golf leaderboards", function()
    assert.same({ "Ward Quellman", "Bo Tarrant", "Ward Quellman" },
      names("GOLF - LEADING SCORES.\nLeading scores:\n66 Ward Quellman\n" ..
        "Leading second-round scores:\nBo Tarrant 67 70\n" ..
        "Ward Quellman 66 72\n"))
    -- not a number that opens any line, nor other numbers after a name
    assert.same({}, names("Results:\n12 Ward Quellman\nQuellman Vale 3 4\n"))
  end)

  it("reads bowling figures", function()
    assert.same({ "Quorrington", "T. Ashdale" },
      names("Bowling: Quorrington 6-0-27-0, T. Ashdale 10-1-41-2"))
  end)
end)

describe("person: capitals and joined initials", function()
  it("finds no person in a headline of capitals alone", function()
    assert.same({}, names("BASEBALL - MAJOR LEAGUE STANDINGS AFTER FRIDAY.\n"))
  end)

  it("takes joined initials where the context names a person", function()
    assert.same({ "J.R. Quellhorst" },
      names("\"We will pay,\" said J.R. Quellhorst, the treasurer."))
  end)
end)

describe("person: names of many cultures", function()
  it("takes an Arabic surname with its article", function()
    assert.same({ "Tariq al-Qadiri" },
      names("Tariq al-Qadiri opened the session."))
    local ps = people("Sheikh Hamad bin Khalifa al-Quwari met the envoy.")
    assert.equal("Hamad bin Khalifa al-Quwari", ps[1].text)
    assert.equal("Sheikh", ps[1].title)
  end)

  it("takes a surname with an apostrophe article, and two articles", function()
    assert.same({ "Valery Quentin d'Aubrac" },
      names("Valery Quentin d'Aubrac spoke in Lyon."))
    assert.same({ "Jaber al-Hamid al-Qasimi" },
      names("Jaber al-Hamid al-Qasimi opened parliament."))
  end)

  it("takes joined initials inside a full name", function()
    assert.same({ "Walter J.K. Brennholt" },
      names("Walter J.K. Brennholt visited the plant on Monday."))
  end)

  it("reads a family name first and finds it again alone", function()
    local ps = people("Zhou Jinbao arrived in Bern. Later Zhou met the mayor.")
    assert.equal(2, #ps)
    assert.equal("Zhou Jinbao", ps[1].text)
    assert.equal("Zhou", ps[2].text)
    assert.equal(ps[1].id, ps[2].id)
    -- The given name may be of two words; a family name that stands
    -- before no given name is no person.
    assert.same({ "Tan Keng Hui" }, names("Tan Keng Hui won the seat."))
    assert.same({}, names("The Tang Dynasty fell."))
  end)
end)

describe("person: possessives", function()
  it("takes a name that owns what only people have", function()
    assert.same({ "Quellhorst" },
      names("Quellhorst's lawyers appealed on Friday."))
    assert.same({ "Brenna Sollitt" },
      names("Brenna Sollitt's campaign manager resigned."))
    assert.same({ "Quellhorst", "Ivo Tarrant" },
      names("Quellhorst's nephew spoke; Ivo Tarrant's memoir sold."))
  end)

  it("leaves a name that owns what a company may have", function()
    assert.same({}, names("Varnholt's spokesman declined to comment."))
  end)

  it("gives an owner of lawyers up to a company of that name", function()
    local text = "Halvern Tools Inc. said sales fell. "
      .. "Halvern's lawyers appealed."
    assert.same({}, names(text))
    local last = ex:extract(text).entities[2]
    assert.equal("ORG", last.label)
    assert.equal("Halvern", last.text)
  end)
end)

describe("person: not an organization", function()
  it("reads a title in capitals as a title, not an acronym", function()
    local orgs = {}
    local text = "Labour MP Dafydd Quellyn resigned."
    for _, e in ipairs(ex:extract(text).entities) do
      if e.label == "ORG" then orgs[#orgs + 1] = e.text end
    end
    assert.same({ "Labour" }, orgs)
  end)

  it("reads a chancellor's possessive as the chancellor's", function()
    local ents = ex:extract("Chancellor Kohl's coalition held firm.").entities
    assert.equal(1, #ents)
    assert.equal("PERSON", ents[1].label)
    assert.equal("Kohl", ents[1].text)
  end)
end)

describe("person: strong evidence", function()
  it("takes any word after Mr. or Mrs. for a name", function()
    assert.same({ "Oxnard", "Van de Kamp", "Gartner" },
      names("Above all, Mr. Oxnard noted, and Mr. Van de Kamp agreed "
        .. "with Mr. Gartner."))
  end)

  it("leaves a firm named after a title to organizations", function()
    local text = "Hospitals surveyed by consultant Tarnby Associates agreed."
    assert.same({}, names(text))
    local orgs = {}
    for _, e in ipairs(ex:extract(text).entities) do
      if e.label == "ORG" then orgs[#orgs + 1] = e.text end
    end
    assert.same({ "Tarnby Associates" }, orgs)
    assert.same({ "Ilse Tarnby" }, names("Consultant Ilse Tarnby agreed."))
  end)

  it("reads the leader of an administration", function()
    assert.same({ "Harmon", "Harmon" },
      names("Officials of the Harmon administration met. Harmon later "
        .. "said no."))
    -- a place or a people leads no one here
    assert.same({}, names("Officials of the Texas administration and the "
      .. "French administration met."))
  end)
end)

describe("person: lists of people", function()
  it("takes the other items of a list that holds a person", function()
    assert.same({ "Ian Pelling", "Bevan", "Dorsey", "Michael Crake", "Tully" },
      names("Squad: Ian Pelling (captain), Bevan, Dorsey, Michael Crake, Tully."))
  end)

  it("leaves towns and state abbreviations after a name", function()
    assert.same({ "Michael J. Boorse", "David Chiodo" },
      names("Fined were Michael J. Boorse, Horsham, Pa.; and David "
        .. "Chiodo, Dallas."))
  end)

  it("takes the last item after \"and\"", function()
    assert.same({ "Li Luo", "Voll Tarrant", "Quell Marsh" },
      names("Li Luo, Voll Tarrant and Quell Marsh took part."))
    -- two items are no list
    assert.same({ "Li Luo" }, names("Li Luo and Quell Marsh took part."))
  end)

  it("needs three items", function()
    assert.same({ "Ian Pelling" }, names("Ian Pelling, Tarrant said."))
  end)
end)

describe("person: Chinese, Korean and Vietnamese names", function()
  it("reads the family name first", function()
    assert.same({ "Zhou Minghua" }, names("The talks were led by Zhou " ..
      "Minghua on Friday."))
    assert.same({ "Xi Jinping", "Ruan Chengfa" },
      names("Xi Jinping and Ruan Chengfa are due to meet."))
  end)

  it("reads Vietnamese names and finds them again by the last word",
    function()
      local ps = people("Pham Minh Chau met Nguyen Thi Lan Anh. Later, " ..
        "Chau said the talks went well.")
      assert.equal("Pham Minh Chau", ps[1].text)
      assert.equal("Nguyen Thi Lan Anh", ps[2].text)
      assert.equal("Chau", ps[3].text)
      assert.equal("Pham Minh Chau", ps[3].canonical)
    end)

  it("reads He as a family name after a title, not elsewhere", function()
    assert.same({ "He Liwen" }, names("Vice Premier He Liwen met the " ..
      "delegation. He said trade was strong."))
  end)

  it("reads a given name of two syllables joined by a hyphen", function()
    assert.same({ "Kang Young-chul", "Park Min-seo", "Li Tse-ming" },
      names("Kang Young-chul met Park Min-seo; Li Tse-ming stayed home."))
    assert.same({}, names("Shares of Hong Kong-based firms fell."))
  end)

  it("reads the given name first, as the press abroad writes it", function()
    assert.same({ "Minghua Zhou", "Xuelan Li" }, names("The team of " ..
      "Minghua Zhou and Xuelan Li won the prize."))
  end)

  it("finds the family name alone again, whatever rule found the name", function()
    local es = people("The dissident Zhou Minghua was detained. Police " ..
      "said Zhou would be held.")
    assert.equal(2, #es)
    assert.equal("Zhou", es[2].text)
    assert.equal(es[1].id, es[2].id)
  end)

  it("takes no place or one-syllable word for a given name", function()
    assert.same({}, names("The Shanghai Zhou report was late."))
    assert.same({}, names("The Ban Li era began."))
  end)
end)

describe("person: well-known leaders by surname alone", function()
  it("reads a listed surname with no given name in the text", function()
    assert.same({ "Yeltsin", "Mubarak" }, names("Yeltsin met Mubarak in " ..
      "the Kremlin on Friday."))
  end)

  it("leaves the surname inside a longer name alone", function()
    assert.same({}, names("The office is in Trump Tower, near the Clinton " ..
      "Foundation."))
  end)
end)

describe("person: the OntoNotes convention", function()
  local onto = glean.new { convention = "ontonotes" }

  it("puts the 's into a name of two words or more", function()
    assert.same({ "Rosalind Achebe's", "Achebe" },
      names("Rosalind Achebe's plan failed, and Achebe's aides left.", onto))
    -- the default leaves it out
    assert.same({ "Rosalind Achebe", "Achebe" },
      names("Rosalind Achebe's plan failed, and Achebe's aides left."))
  end)
end)

describe("person: letters to the editor", function()
  it("leaves the writer's town out of a signature on one line", function()
    assert.same({ "Ines M. Varga", "Tomas R. Hale" }, names("We deserve " ..
      "better.\nInes M. Varga Springdale, Ark.\nYour editorial was " ..
      "wrong.\nTomas R. Hale Eastford, Conn."))
  end)

  it("keeps a name that a comma sets off from its town", function()
    assert.same({ "Anton Paul Reyes" }, names("The board fined Anton Paul " ..
      "Reyes, Fort Lee, N.J., $5,000."))
  end)
end)

describe("person: monarchs", function()
  it("keeps a monarch's number I with the name", function()
    assert.same({ "Ottokar I" }, names("1198 - King Ottokar I is crowned."))
  end)
end)

describe("person: nicknames", function()
  it("keeps a nickname in quotation marks inside the name", function()
    assert.same({ 'Ramon "Iron Hand" Ortiz', "Ortiz" }, names('The boxer ' ..
      'Ramon "Iron Hand" Ortiz fights on Friday. Ortiz is 41.'))
  end)

  it("takes no quoted word after a word that is no given name", function()
    assert.same({}, names('Critics Call Plan "Reckless" Again'))
  end)
end)
