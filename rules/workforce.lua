-- Workforce: the social work workforce behind every other figure.
--
-- Ofsted finds again and again that practice follows the workforce: vacancies, agency reliance
-- and high caseloads come before drift and delay for children. Each rule here reports a
-- workforce pressure named in the discussion, one finding per paragraph, so that an analyst can
-- see how often, and how, a committee heard about it.
--
-- All the rules share one shape, read from their args:
--   topic   words that name the pressure ("vacanc", "caseload")
--   with    optional: words that must occur in the same sentence ("difficult" for "recruit")
--   unless  words that cancel a sentence (negations, the national picture, care leavers)

local minutes = require "lib.minutes"

-- The sentence's first match of args.topic, when args.with (if any) is there too and none of
-- args.unless is.
local function pressure_in(sentence, args)
  if args.with then return minutes.match_with(sentence, args.topic, args.with, args.unless) end
  return minutes.first_match(sentence, args.topic, args.unless)
end

-- Reports each discussion paragraph that names the pressure, at its first such sentence.
local function flag_pressure(item, ctx, what)
  minutes.each_paragraph_hit(item, function(s)
    return pressure_in(s, ctx.args)
  end, function(s)
    ctx:flag{ at = s, message = ("%s: %s"):format(what, minutes.clip(s.text, 110)) }
  end)
end

-- Why: "the continuing difficulty to recruit social workers" is the root of most other pressures.
rule {
  id = "workforce.recruitment",
  title = "Difficulty recruiting social workers or carers",
  severity = "notice",
  tags = { "workforce", "recruitment" },
  doc = [[
The discussion reports difficulty in recruiting: a sentence that names recruitment together with
difficulty, problems, trouble or hard-to-fill posts. Recruitment difficulty drives vacancies,
agency spend and caseloads; the committee should know the plan, its cost and how success will be
measured. A rolling recruitment programme mentioned without difficulty is not reported.]],
  args = {
    topic = { "recruit", "hard to fill" },
    with = { "difficult", "problem", "trouble", "struggl", "challeng", "hard to", "unable to", "not able to",
             "shortage", "unsuccessful", "few applicants", "no applicants", "competitive", "competition" },
    unless = {},
  },
  check = function(item, ctx) flag_pressure(item, ctx, "recruitment difficulty") end,
}

-- Why: vacant posts mean children's cases are held by managers, agency staff or nobody.
rule {
  id = "workforce.vacancies",
  title = "Vacant social work posts",
  severity = "notice",
  tags = { "workforce", "vacancies" },
  doc = [[
The discussion reports vacancies or vacant posts in the council's own services. Vacancies put
cases on hold or on agency staff and are an early warning of drift; the committee should track
the vacancy rate over time. "No vacancies" and the national picture ("6,000 vacancies across the
country") are not reported.]],
  args = {
    topic = { "vacanc", "vacant", "unfilled post", "posts unfilled", "frozen post" },
    unless = { "no vacanc", "no vacant", "zero vacanc", "fully staffed", "across the country", "nationally",
               "national shortage", "national picture", "in england" },
  },
  check = function(item, ctx) flag_pressure(item, ctx, "vacancies") end,
}

-- Why: caseloads are the single workforce figure most closely tied to the quality of practice.
rule {
  id = "workforce.caseloads",
  title = "High caseloads",
  severity = "warning",
  tags = { "workforce", "caseloads", "practice" },
  doc = [[
The discussion names caseloads as a pressure: high, rising, "too many", "fewer children on their
caseload", an average per worker. High caseloads leave less time with each child and are a
recurring finding of Ofsted inspections; the committee should ask for the figure against the
council's own caseload target. Caseloads said to be manageable or reduced are not reported.]],
  args = {
    topic = { "caseload", "case load", "cases per", "children per worker", "children per social worker" },
    with = { "high", "pressure", "issue", "fewer", "too many", "too high", "reached", "rise", "risen", "rising",
             "increas", "heavy", "concern", "above", "exceed", "unmanageable", "average", "per worker" },
    unless = { "manageable", "had reduced", "have reduced", "has reduced", "had fallen", "have fallen",
               "within the agreed", "below the agreed" },
  },
  check = function(item, ctx) flag_pressure(item, ctx, "caseload pressure") end,
}

-- Why: agency staff cost more, stay less, and leave children with a succession of social workers.
rule {
  id = "workforce.agency-reliance",
  title = "Reliance on agency social workers",
  severity = "notice",
  tags = { "workforce", "agency", "finance" },
  doc = [[
The discussion reports the use of, spend on or reliance on agency (locum, interim) social
workers. Agency reliance costs more, weakens continuity for children and often signals a
recruitment or retention problem; the committee should see the agency rate and spend over time.
Statements that the council is not dependent on agency staff are not reported.]],
  args = {
    topic = { "agency staff", "agency worker", "agency social worker", "agency spend", "agency cost", "agency pay",
              "agency rate", "agency use", "use of agency", "reliance on agency", "reliant on agency",
              "dependent on agency", "agency cover", "agency and interim", "locum" },
    unless = { "not over dependent", "not dependent", "not reliant", "no agency", "reduced agency",
               "reduction in agency", "reduced its use of agency", "reduced the use of agency" },
  },
  check = function(item, ctx) flag_pressure(item, ctx, "agency reliance") end,
}

-- Why: "why newly qualified social workers were leaving within two years": turnover undoes
-- recruitment and breaks relationships with children.
rule {
  id = "workforce.retention",
  title = "Social workers leaving: retention and turnover",
  severity = "notice",
  tags = { "workforce", "retention" },
  doc = [[
The discussion reports staff leaving, turnover or a retention problem among social workers or
other staff. Turnover means children change social worker, which they consistently say they
dislike; the committee should ask for the turnover rate and what exit interviews show. A
question answered with good retention, and care leavers "leaving care", are not reported.]],
  args = {
    topic = { "leaving", "left the", "turnover", "resign", "exit interview", "attrition", "churn", "losing staff",
              "poor retention", "retention problem", "retention issue", "retention difficult",
              "difficulty retaining", "difficulties retaining", "struggling to retain", "struggle to retain" },
    with = { "social worker", "staff", "workforce", "practitioner", "team manager", "employee", "newly qualified",
             "nqsw", "workers" },
    unless = { "leaving care", "care leaver", "good at retention", "retention was good", "retention remained good",
               "retention had improved", "improved retention", "stable workforce" },
  },
  check = function(item, ctx) flag_pressure(item, ctx, "staff leaving") end,
}

-- Why: sickness absence measures the strain on staff; members rightly ask whether it is falling.
rule {
  id = "workforce.sickness",
  title = "Staff sickness, stress or absence",
  severity = "notice",
  tags = { "workforce", "sickness", "wellbeing" },
  doc = [[
The discussion mentions staff sickness, sickness absence, work-related stress or burnout.
Sickness is a measure of strain on the workforce and removes capacity from teams; the committee
should see the absence rate and the support offered. Absence that is not staff absence (school
attendance, "apologies for absence") is not reported.]],
  args = {
    topic = { "sickness", "sick leave", "staff absence", "stress related", "work related stress", "burnout",
              "burn out", "long term sick" },
    unless = {},
  },
  check = function(item, ctx) flag_pressure(item, ctx, "staff sickness") end,
}

-- Why: regular, recorded supervision is how a service knows its practice is safe.
rule {
  id = "workforce.supervision",
  title = "Supervision not regular or not recorded",
  severity = "warning",
  tags = { "workforce", "supervision", "practice" },
  doc = [[
The discussion raises a problem with the supervision of social workers: its frequency, its
recording, gaps or inconsistency. Supervision is where case decisions are checked and drift is
caught; Ofsted looks for it on every file. Supervision described as regular and good is not
reported.]],
  args = {
    topic = { "supervision" },
    with = { "needed to improve", "need to improve", "needs to improve", "not regular", "irregular", "infrequent",
             "frequency", "gaps", "overdue", "out of date", "not always", "not recorded", "not evident",
             "lacked", "lack of", "inconsistent", "variable", "concern", "poor", "not taking place",
             "not happening" },
    unless = {},
  },
  check = function(item, ctx) flag_pressure(item, ctx, "supervision") end,
}
