-- money_spec.lua — amounts of money (packs/money.lua): signs, codes and
-- words before or after the number, magnitudes, Indian units, ranges,
-- modifiers, vague amounts, and what is not money. The sentences are
-- written for these tests. Runs under Lua 5.4 and LuaJIT.

local glean = require "glean"

-- The default convention keeps the currency sign in every span, as a
-- reader expects; the OntoNotes one ("$[5,000]") is tested apart below.
local ex = glean.new { packs = { "money" } }

local function entities(text)
  local out = {}
  for _, e in ipairs(ex:extract(text).entities) do
    if e.label == "MONEY" then out[#out + 1] = e end
  end
  return out
end

-- The one MONEY entity of text; its text must be `want`.
local function one(text, want)
  local es = entities(text)
  assert.equal(1, #es, "entities of: " .. text)
  local e = es[1]
  assert.equal(want, e.text)
  assert.equal(want, text:sub(e.start + 1, e["end"]))
  return e
end

local function near(a, b)
  return math.abs(a - b) <= 1e-9 * math.max(1, math.abs(b))
end

-- The entity found in text, with amount and currency as given.
local function amount(text, want, value, iso)
  local e = one(text, want)
  assert.is_true(near(e.amount, value), ("amount of %q: %s, want %s"):format(
    want, tostring(e.amount), tostring(value)))
  assert.equal(iso, e.currency)
  assert.equal("MONEY", e.label)
  return e
end

describe("money with a sign or code before the number", function()
  it("reads a dollar sign and a magnitude word", function()
    local e = amount("The deal is worth $3.5 billion, officials said.",
      "$3.5 billion", 3.5e9, "USD")
    assert.equal(18, e.start)
    assert.equal(30, e["end"])
    assert.is_nil(e.min)
    assert.is_string(e.rule)
  end)

  it("reads glued magnitude letters and abbreviations", function()
    amount("Ferrovia raised US$2m last spring.", "US$2m", 2e6, "USD")
    amount("Bids topped €200m on Friday.", "€200m", 2e8, "EUR")
    amount("A £1.2bn loan was agreed.", "£1.2bn", 1.2e9, "GBP")
    amount("Investors lost $1MM in a day.", "$1MM", 1e6, "USD")
    amount("The budget rose to $4 bln this year.", "$4 bln", 4e9, "USD")
    amount("Sales reached $7.5 mn in May.", "$7.5 mn", 7.5e6, "USD")
    amount("He paid $2 mil for the house.", "$2 mil", 2e6, "USD")
  end)

  it("knows the dollars of other countries", function()
    amount("The mine cost C$450 million.", "C$450 million", 4.5e8, "CAD")
    amount("Profit was A$1.2 billion.", "A$1.2 billion", 1.2e9, "AUD")
    amount("Shares worth HK$3.87 billion changed hands.", "HK$3.87 billion",
      3.87e9, "HKD")
  end)

  it("reads yen and rupees", function()
    amount("A bento box costs ¥500 at the station.", "¥500", 500, "JPY")
    amount("The state set aside Rs 500 crore for roads.", "Rs 500 crore",
      5e9, "INR")
    amount("Each family gets ₹20 lakh in aid.", "₹20 lakh", 2e6, "INR")
  end)

  it("reads lakh and crore before the word rupees", function()
    amount("The loan was 2 lakh rupees.", "2 lakh rupees", 2e5, "INR")
    amount("The work cost 3 crore rupees.", "3 crore rupees", 3e7, "INR")
    amount("She received two lakh rupees.", "two lakh rupees", 2e5, "INR")
    amount("The plan is worth 1.5 lakh crore rupees.",
      "1.5 lakh crore rupees", 1.5e12, "INR")
  end)

  it("reads more signs and the press's forms of the dollar", function()
    amount("Street food is ฿40 in Bangkok.", "฿40", 40, "THB")
    amount("Ghana spent GH¢ 500 million on roads.", "GH¢ 500 million", 5e8,
      "GHS")
    amount("A coffee is 99¢ here.", "99¢", 0.99, "USD")
    amount("The bill was US $5 million.", "US $5 million", 5e6, "USD")
    amount("The firm lost $US5 million.", "$US5 million", 5e6, "USD")
    amount("Exports reached $A2 billion.", "$A2 billion", 2e9, "AUD")
    amount("The state lent Skr 5 billion.", "Skr 5 billion", 5e9, "SEK")
    amount("It raised FFr 10 million.", "FFr 10 million", 1e7, "FRF")
    amount("It lost euro3.2 billion last year.", "euro3.2 billion", 3.2e9,
      "EUR")
    amount("It cost $10 million USD.", "$10 million USD", 1e7, "USD")
  end)

  it("takes a currency written twice, and stops before another", function()
    amount("The repairs cost $1.5 million dollars.", "$1.5 million dollars",
      1.5e6, "USD")
    amount("They sold $3 billion euro bonds.", "$3 billion", 3e9, "USD")
    amount("It cost $10 million EUR.", "$10 million", 1e7, "USD")
  end)

  it("reads letter symbols glued to the digits", function()
    amount("The firm earned RM5 million.", "RM5 million", 5e6, "MYR")
    amount("It sold for R5 billion.", "R5 billion", 5e9, "ZAR")
    amount("Fees rose to R2.50 a litre.", "R2.50", 2.5, "ZAR")
    amount("The villa costs Dh5 million.", "Dh5 million", 5e6, "AED")
    amount("The county spent Sh2.5 billion on roads.", "Sh2.5 billion",
      2.5e9, "KES")
    amount("It pledged Rp5 trillion.", "Rp5 trillion", 5e12, "IDR")
    amount("The state spent N5 billion on roads.", "N5 billion", 5e9, "NGN")
    amount("The city spent P1.5 billion on roads.", "P1.5 billion", 1.5e9,
      "PHP")
    amount("It was N500,000 in all.", "N500,000", 5e5, "NGN")
  end)

  it("ends a glued magnitude letter before the sentence's dot", function()
    amount("The asking price was $1.5M.", "$1.5M", 1.5e6, "USD")
    amount("Salaries start at $60K.", "$60K", 6e4, "USD")
  end)

  it("reads share prices in fractions", function()
    local es = entities("The stock fell $2 1/2 to $45 3/8.")
    assert.equal(2, #es)
    assert.equal("$2 1/2", es[1].text)
    assert.equal(2.5, es[1].amount)
    assert.equal("$45 3/8", es[2].text)
    assert.equal(45.375, es[2].amount)
  end)

  it("reads ISO codes before the number, spaced or glued", function()
    amount("The fund holds USD 5m in bonds.", "USD 5m", 5e6, "USD")
    amount("Revenue was GBP 27 million.", "GBP 27 million", 2.7e7, "GBP")
    amount("It earned USD34.6 million last year.", "USD34.6 million",
      3.46e7, "USD")
    amount("The port was sold for Rs16,189-crore.", "Rs16,189-crore",
      1.6189e11, "INR")
  end)
end)

describe("money with a word or code after the number", function()
  it("reads a fraction before a currency word", function()
    amount("The bid was 2 1/2 million dollars.", "2 1/2 million dollars",
      2.5e6, "USD")
    amount("Each share fetched 45 3/8 dollars.", "45 3/8 dollars", 45.375,
      "USD")
  end)

  it("reads currency words", function()
    amount("He borrowed 5 million dollars from a cousin.",
      "5 million dollars", 5e6, "USD")
    amount("The yard was sold for 420 million Finnish markka.",
      "420 million Finnish markka", 4.2e8, "FIM")
    amount("Geneva paid 5 million Swiss francs.", "5 million Swiss francs",
      5e6, "CHF")
    amount("Tickets cost ten dollars each.", "ten dollars", 10, "USD")
    -- the European Currency Unit of the 1990s
    amount("Brussels pledged 5 million ecus in aid.", "5 million ecus", 5e6,
      "XEU")
  end)

  it("reads subunits as fractions of the currency", function()
    amount("Stamps went up by 50 cents.", "50 cents", 0.5, "USD")
    amount("A loaf is 85 pence now.", "85 pence", 0.85, "GBP")
  end)

  it("reads codes after the number, with mega and kilo prefixes", function()
    amount("The grant is 3 million EUR.", "3 million EUR", 3e6, "EUR")
    amount("Orders reached 20 MUSD in March.", "20 MUSD", 2e7, "USD")
    amount("It cost EUR 4.5 m.", "EUR 4.5 m", 4.5e6, "EUR")
  end)

  it("reads a sign written after the number", function()
    amount("A museum ticket is 15 € for adults.", "15 €", 15, "EUR")
    amount("The scarf was 12,99€ in the sale.", "12,99€", 12.99, "EUR")
  end)

  it("reads digits written the continental way next to a currency", function()
    amount("The fine came to 1.234,56 EUR last year.", "1.234,56 EUR", 1234.56, "EUR")
    amount("Her phone cost R$ 2.499,90 in Recife.", "R$ 2.499,90", 2499.9, "BRL")
    amount("The villa sold for €2.350.000 in May.", "€2.350.000", 2350000, "EUR")
    amount("The club paid 1,5 million euros for him.", "1,5 million euros", 1.5e6, "EUR")
    amount("The lottery paid 1 000 000 euros to one winner.", "1 000 000 euros", 1e6, "EUR")
    amount("She paid €25 000 for the boat.", "€25 000", 25000, "EUR")
    amount("Repairs cost 1 234,56 € in all.", "1 234,56 €", 1234.56, "EUR")
    -- a lone dot group is the number finder's English reading
    amount("The bond yields $1.375 a share.", "$1.375", 1.375, "USD")
    amount("Petrol hit €1.859 a litre.", "€1.859", 1.859, "EUR")
    amount("He earned 2.500 euros.", "2.500 euros", 2.5, "EUR")
  end)

  it("reads a lone dot group as thousands when the writer shows it", function()
    -- three zeros: no one counts money in thousandths that way
    amount("The fine was 25.000 euros.", "25.000 euros", 25000, "EUR")
    amount("Tickets cost ¥12.000 each.", "¥12.000", 12000, "JPY")
    -- a sign after the number: the continental way of writing
    amount("Prices rose to 2.500 € a month.", "2.500 €", 2500, "EUR")
    -- before a magnitude it is a decimal point
    amount("The plan costs €1.500 billion.", "€1.500 billion", 1.5e9, "EUR")
    amount("The plan costs €1.000 billion.", "€1.000 billion", 1e9, "EUR")
  end)

  it("reads whole amounts with their cents", function()
    amount("The toll is twenty-five dollars and fifty cents.",
      "twenty-five dollars and fifty cents", 25.5, "USD")
    amount("A stamp is 99p now.", "99p", 0.99, "GBP")
    amount("A can of soda is 99c now.", "99c", 0.99, "USD")
    amount("He paid $20 and 43c for it.", "$20 and 43c", 20.43, "USD")
    amount("The bill was 20 dollars 43 cents.", "20 dollars 43 cents", 20.43,
      "USD")
    -- cents and centimes are the sub-unit of the amount they follow
    amount("It cost 10 euros and 50 cents.", "10 euros and 50 cents", 10.5,
      "EUR")
    amount("Lunch was 12 Canadian dollars 25 cents.",
      "12 Canadian dollars 25 cents", 12.25, "CAD")
    amount("A coffee is CHF 5 and 20 centimes.", "CHF 5 and 20 centimes", 5.2,
      "CHF")
    -- alone, the list's
    amount("The stamp cost 50 cents.", "50 cents", 0.5, "USD")
  end)

  it("reads common codes in lower case next to a number", function()
    amount("The console sold for 299 usd online.", "299 usd", 299, "USD")
    amount("Fares start at eur 45 per seat.", "eur 45", 45, "EUR")
    -- not "cad", a word: "the cad 5 times"
    assert.same({}, entities("She called the cad 5 times."))
  end)

  it("reads a country word the list does not pair with the currency",
    function()
      amount("The loss was 10.6 million Irish punts.",
        "10.6 million Irish punts", 1.06e7, "IEP")
      -- Which dollar is not known, so no currency is claimed.
      local e = one("Aid of 5 million Belize dollars arrived.",
        "5 million Belize dollars")
      assert.equal(5e6, e.amount)
      assert.is_nil(e.currency)
    end)

  it("reads a country word and a currency word that the list pairs",
    function()
      amount("It costs 10,000 Korean won.", "10,000 Korean won", 1e4, "KRW")
    end)

  it("knows the currencies of the 1990s' wire reports", function()
    amount("The bank lent 50 million Slovak crowns.",
      "50 million Slovak crowns", 5e7, "SKK")
    amount("Tallinn spent 300 million kroons.", "300 million kroons", 3e8,
      "EEK")
    amount("Riga raised 10 million Latvian lats.", "10 million Latvian lats",
      1e7, "LVL")
    amount("Kiev printed 200 trillion karbovanets.",
      "200 trillion karbovanets", 2e14, "UAK")
  end)

  it("reads krona and krone without guessing the country", function()
    local e = one("A coffee is kr 35 in Oslo.", "kr 35")
    assert.equal(35, e.amount)
    assert.is_nil(e.currency)
    e = one("It costs 35 kr.", "35 kr")
    assert.equal(35, e.amount)
    assert.is_nil(e.currency)
    amount("A beer is 90 Norwegian kroner.", "90 Norwegian kroner", 90, "NOK")
    amount("He paid 500 Swedish kronor.", "500 Swedish kronor", 500, "SEK")
    amount("The bike costs 3,000 Danish krone.", "3,000 Danish krone", 3000,
      "DKK")
  end)

  it("reads spelled amounts of ambiguous currency words", function()
    amount("The issue grew by two billion marks.", "two billion marks",
      2e9, "DEM")
    amount("The dollar was at 1.8500 marks.", "1.8500 marks", 1.85, "DEM")
  end)

  it("reads slang thousands without claiming a currency", function()
    local e = one("He paid 10 grand for the car.", "10 grand")
    assert.equal(10000, e.amount)
    assert.is_nil(e.currency)
    assert.equal(0, #entities("A 12 grand jury members sat."))
    e = one("He won a grand on the horses.", "a grand")
    assert.equal(1000, e.amount)
    assert.is_nil(e.currency)
    one("He made five grand a week.", "five grand")
    for _, text in ipairs { "A grand jury indicted him.",
        "It was a grand total of 50 votes.", "He won a grand slam.",
        "He was one of 5 grand finalists." } do
      assert.equal(0, #entities(text), text)
    end
  end)

  it("reads parts of a million and compounds of spelled numbers", function()
    amount("It sold for a quarter of a million dollars.",
      "a quarter of a million dollars", 2.5e5, "USD")
    amount("He spent about a third of $5 billion.", "$5 billion", 5e9, "USD")
    amount("It was a two-million-dollar house.", "two-million-dollar", 2e6,
      "USD")
    amount("The bill came to two-and-a-half billion dollars.",
      "two-and-a-half billion dollars", 2.5e9, "USD")
    amount("It sold for a million and a half dollars.",
      "a million and a half dollars", 1.5e6, "USD")
  end)
end)

describe("ranges", function()
  it("reads a shared magnitude", function()
    local e = amount("Analysts expect $3-4 billion in losses.",
      "$3-4 billion", 3e9, "USD")
    assert.equal(3e9, e.min)
    assert.equal(4e9, e.max)
  end)

  it("reads between ... and", function()
    local e = amount("Repairs will cost between $3 million and $4 million.",
      "between $3 million and $4 million", 3e6, "USD")
    assert.equal(3e6, e.min)
    assert.equal(4e6, e.max)
  end)

  it("reads two amounts joined by to", function()
    local e = amount("Vintage bottles go for $300 to $400 apiece.",
      "$300 to $400", 300, "USD")
    assert.equal(400, e.max)
  end)

  it("keeps a price change as two amounts", function()
    local es = entities("The stock rose $1.25 to $50.75 on Monday.")
    assert.equal(2, #es)
    assert.equal("$1.25", es[1].text)
    assert.equal("$50.75", es[2].text)
    es = entities("Sugar ended with a gain of 0.54 cent to 14.26 cents.")
    assert.equal(2, #es)
    assert.equal("0.54 cent", es[1].text)
    assert.equal("14.26 cents", es[2].text)
  end)

  it("reads a spelled range after between", function()
    local e = amount("Rent runs between 3 and 4 million dollars a year.",
      "between 3 and 4 million dollars", 3e6, "USD")
    assert.equal(4e6, e.max)
  end)
end)

describe("spans", function()
  it("includes modifiers of quantity", function()
    amount("The city spent about $370 million on the bridge.",
      "about $370 million", 3.7e8, "USD")
    amount("Fines reached more than $5 million.", "more than $5 million",
      5e6, "USD")
    amount("Gold rose as much as $9.60 an ounce.", "as much as $9.60",
      9.6, "USD")
    amount("It is an estimated $4 million short.", "an estimated $4 million",
      4e6, "USD")
    amount("It will cost no more than $5.", "no more than $5", 5, "USD")
  end)

  it("leaves out a determiner", function()
    amount("Buyers get a $150 rebate.", "$150", 150, "USD")
  end)

  it("ends an amount joined to a noun after its magnitude", function()
    amount("It is now a $300 million-a-year business.", "$300 million",
      3e8, "USD")
  end)

  it("leaves the sign out of plain amounts in the OntoNotes convention",
    function()
      local default = ex
      ex = glean.new { packs = { "money" }, convention = "ontonotes" }
      local e = amount("The fine was $5,000 in all.", "5,000", 5000, "USD")
      assert.equal(14, e.start)
      amount("A bento box costs ¥500.", "500", 500, "JPY")
      amount("It costs $2 billion.", "$2 billion", 2e9, "USD")
      amount("It costs about $20.", "about $20", 20, "USD")
      amount("Bottles go for $30 to $40.", "$30 to $40", 30, "USD")
      ex = default
    end)

  it("keeps the sign by default", function()
    amount("The fine was $5,000 in all.", "$5,000", 5000, "USD")
  end)

  it("never runs over a line break", function()
    local es = entities("Close 12.08\nCanadian dollar notes")
    assert.equal(0, #es)
  end)
end)

describe("vague amounts", function()
  it("finds billions of dollars without an amount", function()
    local e = one("The war cost billions of dollars.", "billions of dollars")
    assert.is_nil(e.amount)
    assert.equal("USD", e.currency)
    one("Plans worth hundreds of millions of dollars stalled.",
      "hundreds of millions of dollars")
    one("They spent several billion yen.", "several billion yen")
  end)

  it("finds money compounds", function()
    local e = one("It was a multibillion-dollar merger.", "multibillion-dollar")
    assert.is_nil(e.amount)
    assert.equal("USD", e.currency)
  end)
end)

describe("what is not money", function()
  local function none(text)
    local es = entities(text)
    assert.equal(0, #es, "unexpected: " .. (es[1] and es[1].text or "") ..
      " in " .. text)
  end

  it("does not read a fraction's denominator as an amount", function()
    none("Output rose by 3/4 million dollars' worth.")
  end)

  it("ignores numbers without a currency", function()
    none("3M reported higher sales.")
    none("Items 1,5 and 7 were recalled; build 2.104.331 shipped.")
    none("She won the 100m sprint.")
    none("Workers moved money into 401(k) plans in 1989.")
    -- a letter after a number numbers a thing, or is no coin's worth
    none("The rule is in section 12c of the act.")
    none("Pupils in grade 5c sat the test.")
    none("The kiln reached 1,200c in an hour.")
    none("Inflation hit 6.5% while 5 million people lost jobs.")
  end)

  it("ignores weights in pounds and a #1 ranking", function()
    none("The truck carried 200 pounds of flour.")
    none("The boxer weighs 300 pounds.")
    none("She lost 20 pounds in a month.")
    none("The team is ranked #1 in the league.")
    none("The fish weighed about ten pounds.")
  end)

  it("ignores a code glued to digits that is not a currency", function()
    none("The ABC123 form is due.")
  end)

  it("ignores letter symbols that name masks, robots and versions", function()
    none("Wear N95 masks in the P500 series.")
    none("R2-D2 beeped while R134a leaked.")
    none("The N1K route and the R2K plan.")
    none("Upgrade to PHP 7.4 now.")
    none("Krypton (Kr 36) is a noble gas.")
  end)

  it("ignores ambiguous currency words without evidence", function()
    none("The index passed the 1,000 mark.")
    none("Prices are in 1999 dollars.")
    none("Millions of pounds of waste were dumped.")
    none("The three euro zone countries met.")
    none("The 19 euro area members agreed.")
  end)
end)

describe("forms of news and price tags", function()
  it("reads pounds and marks as money after a word of price", function()
    amount("The ticket cost ten pounds.", "ten pounds", 10, "GBP")
    amount("He was fined about 200 marks.", "about 200 marks", 200, "DEM")
    amount("She paid him only 40 pounds for it.", "only 40 pounds", 40, "GBP")
    assert.equal(0, #entities("It cost him dearly; he lost 20 pounds."))
  end)

  it("reads one of a currency after a", function()
    amount("He found a dollar on the street.", "a dollar", 1, "USD")
    amount("She bought it for a buck.", "a buck", 1, "USD")
    amount("It costs a euro to enter.", "a euro", 1, "EUR")
    amount("It costs less than a dollar a day.", "less than a dollar", 1,
      "USD")
    amount("It is not worth a penny.", "a penny", 0.01, "USD")
    amount("He paid about a grand.", "about a grand", 1000, nil)
  end)

  it("reads capitalized currency names after digits", function()
    amount("Tickets cost 20 Euros at the gate.", "20 Euros", 20, "EUR")
    amount("Wheat costs 20 Euros more to ship.", "20 Euros", 20, "EUR")
    amount("The firm was valued at 3 Billion Dollars.", "3 Billion Dollars",
      3e9, "USD")
    amount("THEY PAID 2 MILLION DOLLARS IN CASH.", "2 MILLION DOLLARS", 2e6,
      "USD")
    amount("The fund raised 12,5 Mio. Euro last year.", "12,5 Mio. Euro",
      1.25e7, "EUR")
    amount("The state spent 3,5 Mrd. Euro on rail.", "3,5 Mrd. Euro", 3.5e9,
      "EUR")
    amount("The club paid 100 Mio. € for him.", "100 Mio. €", 1e8, "EUR")
    amount("Der Verlust lag bei 2,5 Millionen Euro.", "2,5 Millionen Euro",
      2.5e6, "EUR")
    amount("Der Bund gibt 3 Milliarden Euro aus.", "3 Milliarden Euro", 3e9,
      "EUR")
    amount("They spent 5 million Swiss Francs.", "5 million Swiss Francs",
      5e6, "CHF")
  end)

  it("reads cents written with a point only, and a price tag's dash",
    function()
      amount("Gum costs $.50 at the counter.", "$.50", 0.5, "USD")
      amount("It costs CHF 29.– in Bern.", "CHF 29.–", 29, "CHF")
      amount("The phone is € 699,- in Germany.", "€ 699,-", 699, "EUR")
    end)

  it("reads a vulgar fraction glued to the digits", function()
    amount("It cost $1½ million.", "$1½ million", 1.5e6, "USD")
    amount("Shares closed at $45⅜.", "$45⅜", 45.375, "USD")
  end)

  it("reads Swiss and continental grouping", function()
    amount("The watch costs CHF 1'234.50 in Geneva.", "CHF 1'234.50",
      1234.5, "CHF")
    amount("It costs Rp25.000 in Bali.", "Rp25.000", 25000, "IDR")
    amount("Jakarta spent Rp1.550.000 on it.", "Rp1.550.000", 1550000, "IDR")
    -- one dot group too, in a currency that is never counted in
    -- thousandths (the dollar and the euro are: "$1.375 a share")
    amount("Her rent is R$ 3.500 a month.", "R$ 3.500", 3500, "BRL")
    amount("A meal costs Rp 8.500 there.", "Rp 8.500", 8500, "IDR")
    amount("It costs 229,90 TL in Izmir.", "229,90 TL", 229.9, "TRY")
    amount("It costs 3 490 руб. in Moscow.", "3 490 руб.", 3490, "RUB")
    amount("It costs 50.000 đ in Hanoi.", "50.000 đ", 50000, "VND")
    -- a letter symbol after the number only so ("12.5 Ft" are feet)
    amount("It costs 2 500 Ft in Budapest.", "2 500 Ft", 2500, "HUF")
    amount("It cost 10.000 DM in 1990.", "10.000 DM", 10000, "DEM")
    assert.equal(0, #entities("The tower is 12.5 Ft tall."))
  end)

  it("reads ringgit and won as their countries write them", function()
    amount("Lunch costs RM 42 in Kuala Lumpur.", "RM 42", 42, "MYR")
    amount("A subway ride costs 500 won in Seoul.", "500 won", 500, "KRW")
    amount("Gas cost 1,200 won per litre.", "1,200 won", 1200, "KRW")
    amount("It costs PHP 1,299 in Manila.", "PHP 1,299", 1299, "PHP")
  end)

  it("reads a code that says which dollar the sign is", function()
    amount("It costs $499 MXN in Monterrey.", "$499 MXN", 499, "MXN")
    amount("He paid $20 CAD for it.", "$20 CAD", 20, "CAD")
  end)

  it("reads the wire services' sterling", function()
    amount("Soymeal fetched 215 stg a tonne.", "215 stg", 215, "GBP")
  end)

  it("reads sub-units before the currency word", function()
    amount("It costs 99 euro cents.", "99 euro cents", 0.99, "EUR")
  end)

  it("reads a minus glued to the amount", function()
    local e = amount("The firm lost -$5 million.", "-$5 million", -5e6, "USD")
    assert.equal(14, e.start)
    amount("Profit swung to –€3m last year.", "–€3m", -3e6, "EUR")
    -- a list's bullet is no minus
    amount("- $5 million for roads", "$5 million", 5e6, "USD")
  end)

  it("reads exact and approximate amounts with their modifier", function()
    amount("It costs exactly $10.", "exactly $10", 10, "USD")
    amount("It cost approx. $10.", "approx. $10", 10, "USD")
    amount("It costs ~$10.", "~$10", 10, "USD")
  end)

  it("reads a few dollars", function()
    local e = one("It costs a few dollars more.", "a few dollars")
    assert.is_nil(e.amount)
    assert.equal("USD", e.currency)
    e = one("It is a multimillion-pound deal.", "multimillion-pound")
    assert.equal("GBP", e.currency)
  end)

  it("reads the amount of a price per unit only", function()
    amount("Tickets are $5 apiece.", "$5", 5, "USD")
    amount("The offer is $5 a share.", "$5", 5, "USD")
  end)
end)

describe("ranges of news", function()
  it("reads ranges after range and vary", function()
    local e = amount("Prices range from $5 to $10.", "$5 to $10", 5, "USD")
    assert.equal(10, e.max)
    local es = entities("Shares went from $20 to $80.")
    assert.equal(2, #es)
  end)

  it("reads a dash or between after a verb of change", function()
    local e = amount("They raised £10m-£15m in the round.", "£10m-£15m", 1e7,
      "GBP")
    assert.equal(1.5e7, e.max)
    e = amount("They raised between £10m and £15m.",
      "between £10m and £15m", 1e7, "GBP")
    assert.equal(1.5e7, e.max)
    e = amount("Analysts see €2bn-€3bn in savings.", "€2bn-€3bn", 2e9, "EUR")
    assert.equal(3e9, e.max)
  end)
end)

describe("what is not money, more", function()
  local function none(text)
    local es = entities(text)
    assert.equal(0, #es, "unexpected: " .. (es[1] and es[1].text or "") ..
      " in " .. text)
  end

  it("ignores capitalized names that are not amounts", function()
    none("He was one of 12 Euro MPs.")
    none("The 5 Dollar Tree stores closed.")
    none("He was one of 3 Euro qualifiers.")
    none("He served six Euro ties.")
    none("He weighed 500 Pounds.")
  end)

  it("ignores a dollar that is a unit or a noun's modifier", function()
    none("A dollar store opened downtown.")
    none("It was a quid pro quo.")
    none("It is a euro zone issue.")
    local es = entities("The bank quoted 150 yen a dollar.")
    assert.equal(1, #es)
    assert.equal("150 yen", es[1].text)
  end)

  it("ignores won as a verb and weight in pounds", function()
    none("Won by a mile, the race was hers.")
    none("Of 300 seats, 150 won seats.")
    none("Kim won 3 medals.")
    none("She lost a few pounds.")
    none("Vehicles weighing 10,000 pounds or less.")
  end)

  it("ignores codes that are acronyms", function()
    none("Read SDG 5 on gender.")
    none("The PHP 8 release is out.")
    none("TL;DR: prices rose.")
  end)

  it("does not read a sign after a hyphen as the first amount's", function()
    local es = entities("Score: 10-$5 is odd.")
    for _, e in ipairs(es) do assert.is_nil(e.text:find("10", 1, true)) end
  end)
end)

describe("user lists", function()
  it("reads the ISO code of a currency from a pack's own list", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write("# a test list\nzorkmids\tCUR_WORD\tXZK\n")
    f:close()
    local mine = { name = "zork", lexicons = { { file = path } }, rules = {} }
    local ok, err = pcall(function()
      local zx = glean.new { packs = { "money", mine } }
      local es = zx:extract("The troll wants 300 zorkmids.").entities
      assert.equal(1, #es)
      assert.equal("300 zorkmids", es[1].text)
      assert.equal(300, es[1].amount)
      assert.equal("XZK", es[1].currency)
    end)
    os.remove(path)
    if not ok then error(err, 0) end
  end)
end)

describe("several amounts", function()
  it("finds each one with its own currency", function()
    local es = entities("The firm paid £40 million ($64 million) and " ..
      "30 billion yen for the plant.")
    assert.equal(3, #es)
    assert.equal("GBP", es[1].currency)
    assert.equal("USD", es[2].currency)
    assert.equal("JPY", es[3].currency)
    assert.equal(3e10, es[3].amount)
  end)
end)

describe("plain cents", function()
  local function currencies(text)
    local out = {}
    for _, e in ipairs(entities(text)) do out[#out + 1] = e.currency end
    return out
  end

  it("are of the currency of cents named before them in the sentence", function()
    assert.same({ "SGD", "SGD" }, currencies("Harbour Line raised S$80 " ..
      "million in a placement priced at 72 cents a share."))
    assert.same({ "EUR", "EUR" }, currencies("A ticket now costs €1.40, " ..
      "up from 90 cents."))
  end)

  it("are US cents otherwise", function()
    -- another sentence, a currency without cents, words that say so
    assert.same({ "SGD", "USD" }, currencies("It raised S$80 million. " ..
      "The shares cost 72 cents."))
    assert.same({ "GBP", "USD" }, currencies("It paid £5 million for " ..
      "stamps sold at 72 cents each."))
    assert.same({ "SGD", "USD" }, currencies("It raised S$80 million at " ..
      "72 US cents a share."))
  end)

  it("leave a plain dollar amount in US dollars: mostly a conversion", function()
    assert.same({ "HKD", "USD" }, currencies("It paid HK$5 million, or " ..
      "about $640,000."))
  end)
end)

describe("country words before a currency name", function()
  it("read a name of the list written in capitals", function()
    amount("It invested 10,000,000 New Taiwan Dollars there.",
      "10,000,000 New Taiwan Dollars", 1e7, "TWD")
  end)

  it("leave a dollar of a country the list does not pair without a code", function()
    amount("It raised 5 million Cayman Islands dollars.",
      "5 million Cayman Islands dollars", 5e6, nil)
  end)
end)
