-- quote_spec.lua — quotations and their speakers (packs/quote.lua and
-- glean.attribution): cues before, after and inside a quotation, pronouns,
-- descriptions, continuation paragraphs, partial quotations, and what is
-- not a quotation (scare quotes, nicknames, titles, nested quotes).
-- The sentences are written for these tests. Runs under Lua 5.4 and LuaJIT.

local glean = require "glean"

local ex = glean.new { packs = { "person", "quote" } }

local function quotes(text)
  return ex:extract(text).quotes
end

-- Byte offset (0-based) of the n-th occurrence of s in text.
local function at(text, s, n)
  local from = 1
  for _ = 1, n or 1 do
    local i = text:find(s, from, true)
    assert(i, "not in text: " .. s)
    if _ == (n or 1) then return i - 1 end
    from = i + 1
  end
end

local function speaker_text(text, q)
  if not q.speaker_start then return nil end
  return text:sub(q.speaker_start + 1, q.speaker_end)
end

describe("direct quotations", function()
  it("finds the speaker named after the quotation", function()
    local text = '"We will not sign this deal," said Robert Strayer.'
    local qs = quotes(text)
    assert.equal(1, #qs)
    local q = qs[1]
    assert.equal('"We will not sign this deal,"', q.text)
    assert.equal(0, q.start)
    assert.equal(#'"We will not sign this deal,"', q["end"])
    assert.equal("direct", q.kind)
    assert.equal("Robert Strayer", q.speaker)
    assert.equal("Robert Strayer", speaker_text(text, q))
    assert.equal("said", q.cue)
    assert.truthy(q.speaker_id)
  end)

  it("finds the speaker before the verb, by the canonical name", function()
    local text = "Robert Strayer arrived late on Monday.\n\n" ..
      "“The talks are over,” Strayer told reporters."
    local q = quotes(text)[1]
    assert.equal("“The talks are over,”", q.text)
    assert.equal("direct", q.kind)
    assert.equal("Robert Strayer", q.speaker)
    assert.equal("Strayer", speaker_text(text, q))
    assert.equal(at(text, "Strayer told"), q.speaker_start)
    assert.equal("told", q.cue)
  end)

  it("takes a quotation introduced by a colon", function()
    local text = 'Maria Lopez said: "The budget is final."'
    local q = quotes(text)[1]
    assert.equal('"The budget is final."', q.text)
    assert.equal("direct", q.kind)
    assert.equal("Maria Lopez", q.speaker)
    assert.equal("said", q.cue)
  end)

  it("reads 'in a statement' and 'told reporters' between cue and quote",
    function()
      local text = 'Paul Nash said in a statement on Tuesday, "We are ' ..
        'pleased with the result." David Brown told reporters: "It is a ' ..
        'good day."'
      local qs = quotes(text)
      assert.equal(2, #qs)
      assert.equal("Paul Nash", qs[1].speaker)
      assert.equal("direct", qs[1].kind)
      assert.equal("David Brown", qs[2].speaker)
      assert.equal("told", qs[2].cue)
    end)

  it("gives both halves of a split quotation the same speaker", function()
    local text = 'Anna Berg spoke first.\n\n"The vote," she said, ' ..
      '"will happen on Friday."'
    local qs = quotes(text)
    assert.equal(2, #qs)
    assert.equal('"The vote,"', qs[1].text)
    assert.equal('"will happen on Friday."', qs[2].text)
    for _, q in ipairs(qs) do
      assert.equal("Anna Berg", q.speaker)
      assert.equal("she", speaker_text(text, q))
      assert.equal("direct", q.kind)
    end
  end)

  it("understands 'according to'", function()
    local text = 'According to the ministry, "the talks are over for now."'
    local q = quotes(text)[1]
    assert.equal("the ministry", q.speaker)
    assert.equal("the ministry", speaker_text(text, q))
    assert.equal("According to", q.cue)
  end)

  it("takes the source after 'according to', never the words before it", function()
    -- "the summer, the bank's own forecast," before the phrase looks like
    -- a speaker with an appositive; "according to" names its source after.
    local text = '"Prices will fall by spring" or hold steady through the ' ..
      "summer, the bank's own forecast, according to a central bank summary."
    local q = quotes(text)[1]
    assert.equal("a central bank summary", q.speaker)
    assert.equal("according to", q.cue)
  end)

  it("understands a lead-in before a colon", function()
    local text = 'The vote was close.\n\nFrom Chairwoman Laura Keller: ' ..
      '"The vote stands and the matter is closed."'
    local q = quotes(text)[1]
    assert.equal('"The vote stands and the matter is closed."', q.text)
    assert.equal("Laura Keller", q.speaker)
  end)
end)

describe("other attribution styles", function()
  it("reads a credit line after a dash", function()
    local text = "Readers wrote to us.\n\n" ..
      "“Prices are far too high.” ― Maria Lopez\n" ..
      "“The market has nothing left.” — David Brown"
    local qs = quotes(text)
    assert.equal(2, #qs)
    assert.equal("Maria Lopez", qs[1].speaker)
    assert.equal("David Brown", qs[2].speaker)
    assert.equal("direct", qs[2].kind)
  end)

  it("reads an inverted cue opening the sentence", function()
    local text = 'Said David Brown: "We are done here."'
    local q = quotes(text)[1]
    assert.equal("David Brown", q.speaker)
    assert.equal("direct", q.kind)
  end)

  it("gives the quotation to the person, not the employer, in 'X of Y said'",
    function()
    local text = 'Senior auditor Lena Varga of the Finance Ministry\'s ' ..
      'tax unit said: "The ledgers do not add up."'
    local q = quotes(text)[1]
    assert.equal("Lena Varga", q.speaker)
    assert.equal(at(text, "Lena Varga"), q.speaker_start)
    text = 'Omar Haddad at Crescent Bank said the rate would "stay put."'
    assert.equal("Omar Haddad", quotes(text)[1].speaker)
  end)

  it("reads a cue set off by commas inside the sentence", function()
    local text = 'Nina Petrova runs the port. If the strike lasts, said ' ..
      'Petrova, the harbor "will be empty by Friday."'
    local q = quotes(text)[1]
    assert.equal("partial", q.kind)
    assert.equal("Nina Petrova", q.speaker)
    assert.equal(at(text, "Petrova", 2), q.speaker_start)
  end)

  it("reads 'as X put it'", function()
    local text = 'As Maria Lopez put it, "the city cannot wait any longer."'
    local q = quotes(text)[1]
    assert.equal("Maria Lopez", q.speaker)
  end)

  it("keeps a quotation introduced by a colon without a cue", function()
    local text = 'The minister made one promise: "Taxes will not rise ' ..
      'this year."'
    local q = quotes(text)[1]
    assert.equal('"Taxes will not rise this year."', q.text)
    assert.equal("direct", q.kind)
  end)

  it("does not take the listener of 'told' for the speaker", function()
    local text = '"We are done," the mayor told Paul Nash.'
    local q = quotes(text)[1]
    assert.equal("the mayor", q.speaker)
  end)

  it("keeps 'it' for an organization", function()
    local text = "The company reported its results.\n\n" ..
      '"Sales fell sharply in the spring," it said.'
    local q = quotes(text)[1]
    assert.equal("it", q.speaker)
    assert.equal("it", speaker_text(text, q))
  end)
end)

describe("pronouns", function()
  it("resolves he and she by the honorifics", function()
    local text = "Mr. John Carver met Mrs. Sarah Wells in Oslo.\n\n" ..
      '"We agreed on nothing at all," he said.\n\n' ..
      '"That is not true," she said.'
    local qs = quotes(text)
    assert.equal(2, #qs)
    assert.equal("John Carver", qs[1].speaker)
    assert.equal("he", speaker_text(text, qs[1]))
    assert.equal(at(text, "he said"), qs[1].speaker_start)
    assert.equal("Sarah Wells", qs[2].speaker)
    assert.equal("she", speaker_text(text, qs[2]))
  end)

  it("prefers the previous quotation's speaker", function()
    local text = '"The plant will close in May," said David Brown.\n\n' ..
      "The decision follows a report by Sarah Wells's office.\n\n" ..
      '"We had no other choice," he said.'
    local qs = quotes(text)
    assert.equal(2, #qs)
    assert.equal("David Brown", qs[2].speaker)
    assert.equal(qs[1].speaker_id, qs[2].speaker_id)
  end)
end)

describe("descriptions", function()
  it("keeps a description as the speaker", function()
    local text = '"Prices will rise next year," a spokeswoman for the ' ..
      'commission said.'
    local q = quotes(text)[1]
    assert.equal("a spokeswoman for the commission", q.speaker)
    assert.equal("a spokeswoman for the commission", speaker_text(text, q))
    assert.is_nil(q.speaker_id)
  end)

  it("leaves a time between the speaker and the verb out", function()
    local text = "The prime minister last night insisted the state would " ..
      "not be 'bullied'. The council on Monday said: “We agree.”"
    local qs = quotes(text)
    assert.equal("The prime minister", qs[1].speaker)
    assert.equal("The council", speaker_text(text, qs[2]))
  end)

  it("uses the person named in an appositive", function()
    local text = '"We expect a long winter," the mayor, Maria Lopez, said.'
    local q = quotes(text)[1]
    assert.equal("Maria Lopez", q.speaker)
  end)

  it("does not take the object of 'for' as the speaker", function()
    local text = '"No comment," a lawyer for Robert Strayer said.'
    local q = quotes(text)[1]
    assert.equal("a lawyer for Robert Strayer", q.speaker)
  end)

  it("takes a participle after the speaker into the mention", function()
    local text = '"The water tastes of iron," residents living near the ' ..
      'mine said.'
    local q = quotes(text)[1]
    assert.equal("residents living near the mine", speaker_text(text, q))
    text = 'Officials speaking on condition of anonymity said "the talks ' ..
      'have stalled."'
    q = quotes(text)[1]
    assert.equal("Officials speaking on condition of anonymity",
      speaker_text(text, q))
  end)
end)

describe("continuation", function()
  it("carries the speaker to a paragraph that is only a quotation",
    function()
      local text = '"We are ready," said Maria Lopez, the mayor.\n\n' ..
        '"The city has waited long enough for this bridge."'
      local qs = quotes(text)
      assert.equal(2, #qs)
      assert.equal("Maria Lopez", qs[2].speaker)
      assert.equal("direct", qs[2].kind)
      assert.equal(qs[1].speaker_start, qs[2].speaker_start)
    end)

  it("gives every paragraph of a long quotation the speaker", function()
    local text = 'Paul Nash said: "The first part is about money.\n\n' ..
      '"The second part is about time."'
    local qs = quotes(text)
    assert.equal(2, #qs)
    assert.equal('"The first part is about money.', qs[1].text)
    assert.equal('"The second part is about time."', qs[2].text)
    assert.equal("Paul Nash", qs[1].speaker)
    assert.equal("Paul Nash", qs[2].speaker)
  end)

  it("gives the first paragraphs the speaker the last one names",
    function()
    local text = 'The vote came late.\n\n"Nobody wants more tax.\n\n' ..
      '"Nobody wants fewer nurses.\n\n"We cannot have both," Arvo Lind added.'
    local qs = quotes(text)
    assert.equal(3, #qs)
    assert.equal('"Nobody wants more tax.', qs[1].text)
    for _, q in ipairs(qs) do
      assert.equal("Arvo Lind", q.speaker)
      assert.equal("direct", q.kind)
      assert.equal("added", q.cue)
      assert.equal("Arvo Lind", speaker_text(text, q))
    end
    -- a paragraph that opens a quotation no later one attributes is none
    assert.same({}, quotes('The vote came late.\n\n"Nobody wants more tax.' ..
      '\n\n"Nobody wants fewer nurses."'))
  end)

  it("carries the speaker to the next sentence of the paragraph", function()
    local text = '"It was a hard year," David Brown said. "But we stayed."'
    local qs = quotes(text)
    assert.equal(2, #qs)
    assert.equal("David Brown", qs[2].speaker)
    assert.equal("direct", qs[2].kind)
  end)

  it("takes a sentence after an interview's \"A:\" as direct", function()
    local q = quotes('A: "Honestly, I was angry," Priya Nair said.')[1]
    assert.equal("direct", q.kind)
    assert.equal("Priya Nair", q.speaker)
  end)
end)

describe("partial quotations", function()
  it("marks quoted words inside paraphrase as partial", function()
    local text = 'Robert Strayer called the plan "reckless and unfair" ' ..
      "on Monday."
    local q = quotes(text)[1]
    assert.equal('"reckless and unfair"', q.text)
    assert.equal("partial", q.kind)
    assert.equal("Robert Strayer", q.speaker)
  end)

  it("keeps a one-word quotation that a cue frames", function()
    local text = 'Sarah Wells called the plan "reckless."'
    local qs = quotes(text)
    assert.equal(1, #qs)
    assert.equal("partial", qs[1].kind)
  end)

  it("marks 'said that \"...\"' as partial", function()
    local text = 'Anna Berg said that "the numbers do not add up."'
    local q = quotes(text)[1]
    assert.equal("partial", q.kind)
    assert.equal("Anna Berg", q.speaker)
  end)
end)

describe("what is not a quotation", function()
  it("drops scare quotes and nicknames", function()
    assert.same({}, quotes('The so-called "reform" package passed easily.'))
    assert.same({}, quotes('The senator, known as "the Hammer," voted no.'))
  end)

  it("drops a heading in quotation marks", function()
    local text = '"We won," said Anna Berg.\n\n\'All Bets Are Off\'\n\n' ..
      "The rest of the story follows."
    local qs = quotes(text)
    assert.equal(1, #qs)
    assert.equal('"We won,"', qs[1].text)
  end)

  it("drops the name of a show inside a sentence", function()
    assert.same({}, quotes('In an interview on "Meet the Press," Paul ' ..
      "Nash said the plan had failed."))
  end)

  it("drops a paragraph in quotation marks that no one said", function()
    assert.same({}, quotes("The transcript follows.\n\n" ..
      '"Good evening and welcome to the show."'))
  end)

  it("does not report a nested quotation on its own", function()
    local text = '"He told me \'never again,\' and I believed him," ' ..
      "said Maria Lopez."
    local qs = quotes(text)
    assert.equal(1, #qs)
    assert.equal("Maria Lopez", qs[1].speaker)
  end)

  it("returns no quotations for a text without marks", function()
    assert.same({}, quotes("Nothing was said at the meeting."))
    assert.same({}, quotes(""))
  end)
end)

describe("offsets", function()
  it("point at the quotation in the text, marks included", function()
    local text = "Anna Berg spoke.\n\n«Ça suffit», said Anna Berg. " ..
      '“Enough,” she added.'
    for _, q in ipairs(quotes(text)) do
      assert.equal(q.text, text:sub(q.start + 1, q["end"]))
      if q.speaker_start then
        assert.truthy(q.speaker_end > q.speaker_start)
      end
    end
  end)
end)

describe("bylines, organizations and quotes after a non-speech verb", function()
  it("never resolves a pronoun to a byline writer", function()
    local text = "By Marta Lindqvist and Joel Brandt, Staff Writers\n\n" ..
      "Acting police commissioner Helen Osei met residents on Monday. " ..
      '"Nobody here will be forgotten," she said.'
    local qs = quotes(text)
    assert.equal(1, #qs)
    assert.equal("Helen Osei", qs[1].speaker)
  end)

  it("keeps a name after a line opening with By when the line says more",
    function()
    local text = "By Friday, Tessa Moreau said the vote was lost.\n\n" ..
      '"We tried," she said.'
    local qs = quotes(text)
    assert.equal(1, #qs)
    assert.equal("Tessa Moreau", qs[1].speaker)
  end)

  it("gives a quotation to the organization that is its subject", function()
    local full = glean.new { packs = { "person", "org", "quote" } }
    local text = "The European Central Bank, which raised rates twice " ..
      'last year, said it would "act if needed."'
    local qs = full:extract(text).quotes
    assert.equal(1, #qs)
    assert.equal("The European Central Bank", speaker_text(text, qs[1]))
    assert.equal("European Central Bank", qs[1].speaker)
    assert.is_nil(qs[1].speaker_id)
  end)

  it("does not give an organization a later cue with its own subject",
    function()
    local full = glean.new { packs = { "person", "org", "quote" } }
    local text = "Northwind Airlines said it would cut 900 jobs, a number " ..
      'unions called "reckless."'
    local qs = full:extract(text).quotes
    assert.equal(1, #qs)
    assert.equal("unions", qs[1].speaker)
  end)

  it("quotes the named subject of a sentence closed by a quoted clause",
    function()
    local text = "Senator Idris Kaya blamed the delay on " ..
      '"a committee that never bothered to meet."'
    local qs = quotes(text)
    assert.equal(1, #qs)
    assert.equal("partial", qs[1].kind)
    assert.equal("Idris Kaya", qs[1].speaker)
  end)

  it("leaves such a clause alone when another person is named before it",
    function()
    local text = "Mayor Lena Brook hired Paul Ames for " ..
      '"ideas that changed the city."'
    assert.same({}, quotes(text))
  end)
end)

describe("speakers written in more ways", function()
  local full = glean.new { packs = { "person", "org", "quote" } }

  it("takes the speaker before the verb for words quoted after it", function()
    local qs = quotes("Ann Reyes died on Friday. Her son, Luis Reyes, said "
      .. "she had “never turned a patient away.”")
    assert.equal("Luis Reyes", qs[1].speaker)
  end)

  it("reads a nationality as one named before", function()
    local qs = quotes("Mikel Tarrega was unhappy. “We gave them two goals,” "
      .. "the Spaniard said. “The Britons were faster,” the Spaniards said.")
    assert.equal("Mikel Tarrega", qs[1].speaker)
    assert.equal("the Spaniards", qs[2].speaker)
  end)

  it("gives framed words to the subject of the framing verb", function()
    local qs = quotes("The senator called the plan “reckless.” Ivo Tarrant "
      .. "also described it as “a gift to the rich.”")
    assert.equal("The senator", qs[1].speaker)
    assert.equal("Ivo Tarrant", qs[2].speaker)
  end)

  it("gives words framed in a second clause to that clause's subject",
    function()
    local qs = quotes("Ana Ruiz said the deal “stinks”, while her rival, "
      .. "Ivo Tarrant, called it “a scandal”.")
    assert.equal("Ana Ruiz", qs[1].speaker)
    assert.equal("Ivo Tarrant", qs[2].speaker)
  end)

  it("takes the speaker of an inverted lead-in", function()
    local qs = quotes("Prices rose again. Says Mr. Tarrow: “We have seen "
      .. "worse.” Adds Ida Lund, an analyst: “It will pass.”")
    assert.equal("Tarrow", qs[1].speaker)
    assert.equal("Ida Lund", qs[2].speaker)
  end)

  it("tells he from she by the given name", function()
    local qs = quotes("John Reyes met Mary Collins on Friday. " ..
      "“We made progress,” she said.")
    assert.equal("Mary Collins", qs[1].speaker)
    qs = quotes("Mary Collins met John Reyes on Friday. " ..
      "“We made progress,” he said.")
    assert.equal("John Reyes", qs[1].speaker)
  end)

  it("never resolves a pronoun to the name fronted before it", function()
    -- "Okafor, he said, ...": Okafor is what John Reyes talks about
    local qs = quotes("John Reyes attacked Senator Paul Okafor on Friday. " ..
      "Okafor, he said, “begged for my support” last year.")
    assert.equal("John Reyes", qs[1].speaker)
  end)

  it("gives no name to a pronoun whose only person in reach has a given "
    .. "name of the other gender", function()
    -- "Don't shoot him," she says: an unnamed woman speaks of the man.
    local qs = quotes("Chancellor Nadia Petrova said the talks were over." ..
      "\n\n“We will see,” he said.")
    assert.equal("he", qs[1].speaker)
    assert.is_nil(qs[1].speaker_id)
  end)

  it("tells he from she by a title", function()
    local qs = quotes("Congresswoman Ixchel Oduya spoke after King Taavi " ..
      "Brandt. “He has no plan,” she said.")
    assert.equal("Ixchel Oduya", qs[1].speaker)
  end)

  it("lets a paragraph of one short sentence about a person lead into the "
    .. "quotation opening the next", function()
      local qs = quotes("Her colleague, Ivo Marsh, was blunter.\n\n" ..
        "“They will sell it. That is the plan.”")
      assert.equal("Ivo Marsh", qs[1].speaker)
      -- not a name late in a headline
      qs = quotes("Voters Share Their Thoughts On Ivo Marsh\n\n" ..
        "“We need order. We need it now.”")
      assert.equal(0, #qs)
    end)

  it("takes the name beside a description whose commas hold a place",
    function()
      local qs = quotes("Lena Hart, 52, a shift manager from Dayton, Ohio, " ..
        "said: “Nobody tells us anything.”")
      assert.equal("Lena Hart", qs[1].speaker)
    end)

  it("reads a name after a title and its adjective as a subject", function()
    -- "Bo" tells no gender; the nominee is the subject, not an object
    local qs = quotes("Sens. Ada Merk (D-Ore.), Sherrod Vale (D-Ohio) and " ..
      "Bo Menke (D-N.J.) all spoke.\n\nIn a statement, presidential " ..
      "nominee Hillary Ruiz was more careful. Though she called the " ..
      "conduct “outrageous”, she said little.")
    assert.equal("Hillary Ruiz", qs[1].speaker)
  end)

  it("tells he from she by the relative a person is named as", function()
    -- "Robin" tells no gender; "her husband" does
    local qs = quotes("Ana Ruiz and her husband, Robin, lived there.\n\n" ..
      "“We never thought it,” she said.\n\nHer husband was angrier. " ..
      "“They promised a wall,” he said.")
    assert.equal("Ana Ruiz", qs[1].speaker)
    assert.equal("Robin", qs[2].speaker)
  end)

  it("leaves an age or a party out of the speaker", function()
    local text = "“The economy is strong,” Ellis, 71, said. “Wages are " ..
      "up,” Moreno (R-Ohio) said."
    local qs = quotes(text)
    assert.equal("Ellis", qs[1].speaker)
    assert.equal("Ellis", speaker_text(text, qs[1]))
    assert.equal("Moreno", qs[2].speaker)
  end)

  it("reads '“…?” asked X' and '“…,” warned X' as X speaking", function()
    local qs = quotes("“Why would anyone sign that?” asked Walter Brennan, " ..
      "a union leader. “Prices will rise,” warned Ellen Brooks.")
    assert.equal("Walter Brennan", qs[1].speaker)
    assert.equal("Ellen Brooks", qs[2].speaker)
  end)

  it("takes the name after a description: said her neighbor, X", function()
    local qs = quotes("“They can send whoever they want,” said her " ..
      "neighbor, Victor Lam.")
    assert.equal("Victor Lam", qs[1].speaker)
  end)

  it("gives 'X quoted Y as saying' to Y, the one quoted", function()
    local text = "“The talks are over,” Interfax quoted Deputy Minister " ..
      "Oleg Petrov as saying. Anna Keller left early. “Nothing is " ..
      "settled,” state television quoted her as saying."
    local qs = full:extract(text).quotes
    assert.equal("Oleg Petrov", qs[1].speaker)
    assert.equal("quoted", qs[1].cue)
    assert.equal("Anna Keller", qs[2].speaker)
  end)

  it("takes the name after an employer and a role: said Northwind host X",
    function()
    local qs = full:extract("“We are live,” said Northwind Radio host " ..
      "Dana Sato. “Not yet,” said one Harbor City options trader.").quotes
    assert.equal("Dana Sato", qs[1].speaker)
    assert.equal("one Harbor City options trader", qs[2].speaker)
  end)

  it("does not take the object of a verb for a speaker", function()
    local qs = quotes("Ines Duarte had a simple message for her critics: " ..
      "“The vote stands.”")
    assert.equal("Ines Duarte", qs[1].speaker)
    local text = "Northwind Airlines said in a blog post that the fares " ..
      "were “long overdue for a change.”"
    qs = full:extract(text).quotes
    assert.equal("Northwind Airlines", qs[1].speaker)
  end)

  it("gives 'adding that “…”' the speaker of the sentence", function()
    local qs = quotes("“The economy is strong,” Ellis said, adding that " ..
      "wages were “rising fast.”")
    assert.equal(2, #qs)
    assert.equal("Ellis", qs[2].speaker)
    assert.equal("partial", qs[2].kind)
  end)

  it("keeps auxiliaries out of a description", function()
    local qs = quotes("Several Republican senators have said the plan is " ..
      "“dead on arrival.”")
    assert.equal("Several Republican senators", qs[1].speaker)
    qs = quotes("In normal times, a reader would now ask: “What happened " ..
      "to the news?”")
    assert.equal("a reader", qs[1].speaker)
  end)

  it("drops a quoted noun in the middle of a clause", function()
    assert.same({}, quotes("Critics said the “savings” were an illusion."))
  end)

  it("quotes the subject of the sentence before, in its paragraph",
    function()
    local qs = quotes("Judge Ruth Adler read the verdict. “The defendant " ..
      "is guilty on all counts.”")
    assert.equal(1, #qs)
    assert.equal("direct", qs[1].kind)
    assert.equal("Ruth Adler", qs[1].speaker)
  end)

  it("continues a cue of the paragraph before into a quoted paragraph",
    function()
    local qs = quotes("Analyst Hugh Marlow said the bond market would be " ..
      "the first to react.\n\n“I don't think stocks would collapse.”")
    assert.equal(1, #qs)
    assert.equal("Hugh Marlow", qs[1].speaker)
    -- A quoted noun in that paragraph is no quotation, but its cue still
    -- names the speaker.
    qs = quotes("Hugh Marlow said stocks would drop if the “bidding” " ..
      "heats up.\n\n“I don't think it would mean a collapse.”")
    assert.equal(1, #qs)
    assert.equal("Hugh Marlow", qs[1].speaker)
  end)
end)

describe("wire-service and agency forms", function()
  local full = glean.new { packs = { "person", "org", "quote" } }
  local function speakers(text)
    local out = {}
    for _, q in ipairs(full:extract(text).quotes) do
      out[#out + 1] = q.speaker or false
    end
    return out
  end

  it("gives 'quoted X as saying: “…”' to X, with a colon after", function()
    assert.same({ "Viktor Orlov" }, speakers("The agency quoted Energy " ..
      "Minister Viktor Orlov as saying: “We will not cut output.”"))
    -- "as telling parliament:" as well, and an aside after the name.
    assert.same({ "Ali Rahimi" }, speakers("IRNA quoted Ali Rahimi as " ..
      "telling parliament: “The talks failed.”"))
    assert.same({ "Sokolov" }, speakers("Itar-Tass quoted Sokolov, the " ..
      "defence minister, as saying: “We have no plans to attack.”"))
  end)

  it("reads 'cited X as saying' like 'quoted X as saying'", function()
    assert.same({ "Nadia Petrova" }, speakers("“The decision is final,” " ..
      "RIA cited Nadia Petrova as saying."))
  end)

  it("gives 'X was quoted as saying' to X, not to the one quoting",
    function()
    assert.same({ "the minister" }, speakers("“We have no plans to " ..
      "attack,” the minister was quoted as saying."))
    assert.same({ "the 29-year-old captain" }, speakers("“It is my last " ..
      "season,” the 29-year-old captain was quoted as saying by a daily " ..
      "paper."))
  end)

  it("gives 'said, quoting X' and 'Quoting X, … said' to X", function()
    assert.same({ "Lena Fischer" }, speakers("“The coalition will hold,” " ..
      "the paper said, quoting Lena Fischer."))
    assert.same({ "Ahmed Karimi" }, speakers("Quoting Interior Minister " ..
      "Ahmed Karimi, the agency said: “The border will stay closed.”"))
    assert.same({ "Ahmed Karimi" }, speakers("“The border will stay " ..
      "closed,” the agency said, citing Ahmed Karimi."))
    -- "citing" a reason names no speaker: the source speaks.
    assert.same({ "the company" }, speakers("“Sales were poor,” the " ..
      "company said, citing Chinese demand."))
  end)

  it("takes no words ending with a preposition for a speaker", function()
    assert.same({ "Yuri Sokolov" }, speakers("Yuri Sokolov told the " ..
      "agency by telephone: “We have no plans to attack.”"))
    local qs = full:extract("The panel refused, though one judge went " ..
      "out of her way to deny that this was a “frivolous” case.").quotes
    assert.equal(1, #qs)
    assert.is_nil(qs[1].speaker)
  end)

  it("takes the description after 'according to' whole", function()
    -- (Her spokesman speaks for her: she is the speaker, the whole
    -- description the mention.)
    local text = "“We will win,” according to Karen Holt's spokesman."
    local q = full:extract(text).quotes[1]
    assert.equal("Karen Holt", q.speaker)
    assert.equal("Karen Holt's spokesman", speaker_text(text, q))
  end)

  it("reads a relative clause between speaker and verb", function()
    assert.same({ "an official" }, speakers("“We will win,” an official " ..
      "who spoke on condition of anonymity said."))
  end)

  it("leaves the place out of a description: one trader in Tokyo",
    function()
    assert.same({ "one trader", "a Western diplomat" }, speakers(
      "“The market is nervous,” said one trader in Tokyo. “Nobody " ..
      "trusts them,” a Western diplomat in Beirut said."))
  end)

  it("resolves 'the minister' and 'the 32-year-old' to the one named so",
    function()
    local text = "Finance Minister Karen Holt met Tom Baker on Monday. " ..
      "“We will win,” the minister said."
    local qs = full:extract(text).quotes
    assert.equal("Karen Holt", qs[1].speaker)
    -- The mention stays the description.
    assert.equal("the minister", speaker_text(text, qs[1]))
    assert.same({ "Juergen Brandt" }, speakers("Striker Juergen Brandt " ..
      "will retire in May. “It is time,” the 32-year-old was quoted as " ..
      "saying."))
    assert.same({ "Karen Holt" }, speakers("Karen Holt, the finance " ..
      "minister, met Tom Baker. “We agree,” the minister said."))
    -- No one named with that title: the description itself.
    assert.same({ "the minister" }, speakers("Karen Holt met Tom Baker. " ..
      "“We will win,” the minister said."))
  end)

  it("resolves 'she' to a possessor when no one else is in reach",
    function()
    assert.same({ "Karen Holt" }, speakers("Karen Holt's husband died " ..
      "last year. “It was hard,” she said."))
    -- Anyone else in reach comes first.
    assert.same({ "Anna Berg" }, speakers("Karen Holt's sister, Anna " ..
      "Berg, spoke first. “It was hard,” she said."))
  end)

  it("gives 'X's reply was short: “…”' to X", function()
    assert.same({ "Nadia Petrova" }, speakers("Nadia Petrova's message " ..
      "was simple: “The decision is final.”"))
    assert.same({ "Karen Holt" }, speakers("Finance Minister Karen " ..
      "Holt's reply was short: “We will not pay.”"))
  end)

  it("gives a word or two after 'X, on Twitter:' to X", function()
    assert.same({ "Ann Holt", "Ann Holt" }, speakers("Sen. Ann Holt, on " ..
      "Twitter: “Outrageous.”\n\nAnn Holt: “Never!”"))
    -- a word named, not said
    assert.same({}, speakers("Ann Holt used one word: “resilience.”"))
    assert.same({}, quotes("He used one word: “resilience.”"))
  end)

  it("reads '“…,” Judge X ruled' as the judge speaking", function()
    assert.same({ "Donald Reyes" }, speakers("“The law is void,” Judge " ..
      "Donald Reyes ruled."))
  end)

  it("takes the name after 'said <description>, <Name>'", function()
    assert.same({ "Takahide Kiuchi" }, speakers("“Rates will stay low,” " ..
      "said Nomura's chief economist in Tokyo, Takahide Kiuchi."))
    -- A role before the name after the comma.
    assert.same({ "Ali Hassan" }, speakers("“We will stay,” said one of " ..
      "the protesters, student leader Ali Hassan."))
  end)

  it("gives 'X's claim that … “…”' to X, not 'X's claim was “…”'",
    function()
    local qs = full:extract("Analysts checked Karen Holt's claim that " ..
      "there were “thousands of new jobs” in the city. They said " ..
      "Holt's claim was “mostly true.”").quotes
    assert.equal(2, #qs)
    assert.equal("Karen Holt", qs[1].speaker)
    assert.equal("partial", qs[1].kind)
    assert.is_not.equal("Karen Holt", qs[2].speaker)
  end)

  it("reads a headline credit: '“…” - Holt' above the story", function()
    assert.same({ "Karen Holt", "Karen Holt" }, speakers("“We will win” " ..
      "- Holt\n\n" ..
      "BERLIN (Reuters) - Finance Minister Karen Holt said on Monday " ..
      "that her party would win.\n\n“We will win” — Holt\n\nThe " ..
      "party met on Monday."))
  end)

  it("drops a work's title between commas, even next to a cue", function()
    local qs = full:extract("In her memoir, “Hard Choices,” Karen Holt " ..
      "writes: “I never wanted the job.”").quotes
    assert.equal(1, #qs)
    assert.equal("“I never wanted the job.”", qs[1].text)
    assert.equal("Karen Holt", qs[1].speaker)
  end)

  it("reads '“…,” read one banner' like '“…,” said X'", function()
    assert.same({ "one banner" }, speakers("Protesters marched on Monday. " ..
      "“We will not be silenced,” read one banner."))
  end)

  it("reads an aside that ends with a state: 'in Ogallala, Neb.,'",
    function()
    assert.same({ "Ralph Holz", "Thomas Oxnard" }, speakers(
      "Ralph Holz, a farmer in Ogallala, Neb., says, “Prices will fall.” " ..
      "Thomas Oxnard, an analyst in Hackensack, N.J., said: “They will " ..
      "not.”"))
  end)
end)

describe("organizations as speakers", function()
  local full = glean.new { packs = { "person", "org", "quote" } }
  local function one(text)
    local qs = full:extract(text).quotes
    assert.equal(1, #qs)
    return qs[1]
  end

  it("names the organization 'it' stands for, the mention staying 'it'",
    function()
    local text = "Acme Corp reported a loss on Tuesday. “We expect a " ..
      "better second half,” it said in a statement."
    local q = one(text)
    assert.equal("Acme Corp", q.speaker)
    assert.equal("it", speaker_text(text, q))
    assert.equal(at(text, "it said"), q.speaker_start)
    assert.is_nil(q.speaker_id)
    assert.equal("direct", q.kind)
  end)

  it("takes the subject, not the object, for 'it'", function()
    assert.equal("Acme Corp", one("Acme Corp sued Orion Bank. “The " ..
      "bank misled us,” it said.").speaker)
    assert.equal("Orion Bank", one("Acme Corp sued Orion Bank. Orion " ..
      "Bank rejected the claim. “The suit is baseless,” it said.").speaker)
    -- A description opening a sentence since: "The bank".
    assert.equal("Orion Bank", one("Orion Bank was sued by Acme Corp. " ..
      "The bank rejected the claim. “The suit is baseless,” it said.")
      .speaker)
  end)

  it("leaves 'it' alone when no organization is in reach", function()
    local q = one("The report was released on Monday. “Poverty rose in " ..
      "every region,” it said.")
    assert.equal("it", q.speaker)
    -- Nor when a thing has spoken since the organization was named.
    local text = "Acme Corp commissioned a study. “Costs rose,” the " ..
      "study says. “Prices will follow,” it says."
    local qs = full:extract(text).quotes
    assert.equal(2, #qs)
    assert.equal("the study", qs[1].speaker)
    assert.equal("it", qs[2].speaker)
  end)

  it("resolves 'the ministry', 'the company' to the organization named",
    function()
    local text = "The Ministry of Finance raised its forecast. “Growth " ..
      "will be strong,” the ministry said."
    local q = one(text)
    assert.equal("Ministry of Finance", q.speaker)
    assert.equal("the ministry", speaker_text(text, q))
    -- A word of the name: "the bank" is Orion Bank, not Acme Corp.
    assert.equal("Orion Bank", one("Orion Bank and Acme Corp signed " ..
      "the deal. “It is a good day,” the bank said.").speaker)
    -- "the bank", as "the lender": the company named before it.
    assert.equal("Kell Financial", one("Kell Financial agreed to pay a " ..
      "fine. The bank said it had “fixed the issues.”").speaker)
    -- "the company": the last organization named as a subject.
    assert.equal("Kestrel Holdings", one("Kestrel Holdings agreed to buy " ..
      "the port. “This deal makes us the leader,” the company said.")
      .speaker)
    -- A noun not in the name reaches the sentence before only.
    assert.equal("National Weather Service", one("The National Weather " ..
      "Service issued a warning. “Stay indoors,” the agency said.").speaker)
    assert.equal("the agency", one("The National Weather Service issued " ..
      "a warning on Monday. Roads were closed. “Stay indoors,” the " ..
      "agency said.").speaker)
    -- With no organization named, the description stays.
    assert.equal("the company", one("“Sales were poor this year,” the " ..
      "company said.").speaker)
  end)

  it("names the group or organization 'they' stands for", function()
    local text = "Police said the man was arrested at the scene.\n\n" ..
      "“He did not resist,” they said."
    local q = one(text)
    assert.equal("Police", q.speaker)
    assert.equal("they", speaker_text(text, q))
    -- Two people are no group; and alone, "they" stays.
    assert.equal("they", one("Karen Holt and Mark Ellis said the deal " ..
      "was done. “We are happy,” they said.").speaker)
    assert.equal("they", one("“We are happy with the result,” they " ..
      "said.").speaker)
  end)

  it("names an organization without 'the', but a publication with it",
    function()
    assert.equal("Ministry of Foreign Affairs", one("“Such remarks are " ..
      "unacceptable,” the Ministry of Foreign Affairs said.").speaker)
    assert.equal("The New York Times", one("“The story stands as " ..
      "published,” the New York Times said.").speaker)
    -- "Senate Democrats" are not the Senate.
    assert.equal("Senate Democrats", one("“This bill is dead on " ..
      "arrival,” Senate Democrats said.").speaker)
  end)

  it("gives the words of a spokesman, office or statement to whom they " ..
    "speak for", function()
    local text = "“We will review every contract,” read a statement " ..
      "from Karen Holt's office."
    local q = one(text)
    assert.equal("Karen Holt", q.speaker)
    assert.truthy(q.speaker_id)
    assert.equal(at(text, "a statement"), q.speaker_start)
    assert.equal("Acme Corp", one("“The plant is safe,” a spokeswoman " ..
      "for Acme Corp said.").speaker)
    assert.equal("Acme Corp", one("A statement issued by Acme Corp on " ..
      "Monday read: “The plant will reopen in May.”").speaker)
    assert.equal("Karen Holt", one("Karen Holt leads the polls. “We are " ..
      "in good shape,” her campaign said.").speaker)
    assert.equal("Acme Corp", one("Acme Corp cut 300 jobs. “We had no " ..
      "choice,” the company's spokesman said.").speaker)
    -- Lawyers and aides speak in their own name.
    assert.equal("lawyers for Karen Holt", one("“We will fight this " ..
      "ruling,” lawyers for Karen Holt said.").speaker)
    -- "an official at" an organization is no spokesman.
    assert.equal("an official at Orion Bank", one("“We see no risk,” " ..
      "said an official at Orion Bank.").speaker)
  end)

  it("takes a statement released by an organization, then 'the company'",
    function()
    assert.equal("Acme Corp", one("In a statement released by Acme " ..
      "Corp, the company said: “No jobs will be lost.”").speaker)
  end)
end)

describe("long asides and paragraphs that look back", function()
  local full = glean.new { packs = { "person", "org", "quote" } }

  it("finds an unknown name before a long aside and the verb", function()
    local text = "“The river has never been this low,” Zorba " ..
      "Quillfeather, a retired schoolteacher who has lived in the town " ..
      "for more than forty years, said."
    local q = full:extract(text).quotes[1]
    assert.equal("Zorba Quillfeather", q.speaker)
    assert.equal("Zorba Quillfeather", speaker_text(text, q))
    assert.equal("direct", q.kind)
  end)

  it("does not read a clause after a comma as a long aside", function()
    -- "Trump" opens no role: the aside may not run past 12 words, and the
    -- one attacked does not speak.
    local text = "During a speech earlier in the day, Karen Holt attacked " ..
      "Maria Lopez for her support of the levy in the county and the " ..
      "city, saying, “She is reckless.”"
    local q = full:extract(text).quotes[1]
    assert.equal("Karen Holt", q.speaker)
  end)

  it("gives a paragraph-long quotation to the speaker the next paragraph " ..
    "names", function()
    local text = "“We are not going anywhere.”\n\nSo said Karen Holt, " ..
      "the mayor, at a rally on Saturday."
    local qs = full:extract(text).quotes
    assert.equal(1, #qs)
    assert.equal("Karen Holt", qs[1].speaker)
    assert.equal("direct", qs[1].kind)
    text = "“It goes too far.”\n\nThat was the verdict of Senator " ..
      "Karen Holt, who voted against the bill."
    assert.equal("Karen Holt", full:extract(text).quotes[1].speaker)
    -- A next paragraph that does not look back gives it no speaker.
    text = "“It goes too far.”\n\nSenator Karen Holt voted against " ..
      "the bill."
    assert.equal(0, #full:extract(text).quotes)
  end)

  it("resolves 'the judge' to the one named after 'The judge,'",
    function()
    local text = "The judge, Ruth Adler, read the verdict. “The " ..
      "defendant is guilty,” the judge said."
    local q = full:extract(text).quotes[1]
    assert.equal("Ruth Adler", q.speaker)
    assert.equal("the judge", speaker_text(text, q))
  end)
end)
