-- Workforce: the social work workforce behind every other figure.
--
-- Ofsted finds again and again that practice follows the workforce: vacancies, agency reliance
-- and high caseloads come before drift and delay for children. Each rule here reports a
-- workforce pressure named in the discussion, one finding per paragraph, so that an analyst can
-- see how often, and how, a committee heard about it.
--
-- All the rules share one shape: a pattern set `pressure`, most of it built by near(topic, with,
-- unless): the topic and a qualifier in either order within one sentence, cancelled by `unless`.

local minutes = require "lib.minutes"

-- Patterns for `topic` and `with` (alternations) in either order in one sentence, unless `unless`.
local function near(topic, with, unless)
  local tail = unless and (" unless " .. unless) or ""
  return { topic .. " ...{0,20} " .. with .. tail, with .. " ...{0,20} " .. topic .. tail }
end

-- A list of pattern lists joined into one.
local function join(...)
  local out = {}
  for _, list in ipairs{ ... } do
    for _, p in ipairs(list) do out[#out + 1] = p end
  end
  return out
end

-- Reports each discussion paragraph where `pressure` matched, at its first such sentence.
local function flag_pressure(item, ctx, what)
  local seen = {}
  for _, m in ipairs(minutes.discussion_matches(item, "pressure")) do
    local p = m.sentence.paragraph
    local key = p.offset
    if not seen[key] then
      seen[key] = true
      ctx:flag{ at = m.sentence, message = ("%s: %s"):format(what, minutes.clip(m.sentence.text, 110)) }
    end
  end
end

-- Foster carers, adopters and volunteers are recruited too, but they are not the council's staff.
local NOT_STAFF = "(foster*|carer*|adopter*|volunteer*|mentor*|governor*)"
local DIFFICULTY = "(difficult*|problem*|trouble*|struggl*|challeng*|hard to|unable to|not able to|shortage*"
  .. "|unsuccessful*|few applicants|no applicants|competitive|competition|pressure*|constrain*|gap*)"

-- Why: "the continuing difficulty to recruit social workers" is the root of most other pressures.
rule {
  id = "workforce.recruitment",
  title = "Difficulty recruiting or retaining staff",
  severity = "notice",
  tags = { "workforce", "recruitment" },
  doc = [[
The discussion reports difficulty in recruiting: recruitment named with difficulty, problems,
trouble or hard-to-fill posts, or the recruitment and retention of social workers taken up as a
problem in itself (a review of it, a recruitment campaign, a retention payment). Recruitment
difficulty drives vacancies, agency spend and caseloads; the committee should know the plan, its
cost and how success will be measured. A rolling recruitment programme mentioned without
difficulty is not reported, nor the recruitment of foster carers or adopters on its own.]],
  patterns = { "pressure" },
  args = {
    pressure = join(near("recruit*", DIFFICULTY), {
      "(hard|difficult) to (fill|recruit*)",
      "(recruitment and retention|retention and recruitment|recruitment or retention|recruiting and retaining"
        .. "|recruit and retain) unless " .. NOT_STAFF,
      "(recruitment|retention) (campaign*|drive*|incentive*|premium*|payment*|bonus*|package*) unless " .. NOT_STAFF,
    }),
  },
  check = function(item, ctx) flag_pressure(item, ctx, "recruitment difficulty") end,
}

-- Why: vacant posts mean children's cases are held by managers, agency staff or nobody.
rule {
  id = "workforce.vacancies",
  title = "Vacant posts",
  severity = "notice",
  tags = { "workforce", "vacancies" },
  doc = [[
The discussion reports vacancies or vacant posts in the council's own services, or a post that
could not be filled ("was not appointed", "unable to fill", "re-advertised"). Vacancies put cases
on hold or on agency staff and are an early warning of drift; the committee should track the
vacancy rate over time. "No vacancies" and the national picture ("6,000 vacancies across the
country") are not reported.]],
  patterns = { "pressure" },
  args = {
    pressure = {
      "(vacanc*|vacant|unfilled post*|posts unfilled|frozen post*) unless (no vacanc*|no vacant|zero vacanc*"
        .. "|fully staffed|across the country|nationally|national shortage|national picture|in england)",
      "(not|n't|unable to|failed to|unsuccessful* in) [be|been] (appoint*|fill*) unless " .. NOT_STAFF,
      "re advertis* unless " .. NOT_STAFF,
    },
  },
  check = function(item, ctx) flag_pressure(item, ctx, "vacancies") end,
}

-- Why: caseloads are the single workforce figure most closely tied to the quality of practice.
rule {
  id = "workforce.caseloads",
  title = "High caseloads or workloads",
  severity = "warning",
  tags = { "workforce", "caseloads", "practice" },
  doc = [[
The discussion names caseloads or workloads as a pressure: high, rising, "too many", "fewer
children on their caseload", an average per worker, more children allocated to each worker,
"not sustainable". High caseloads leave less time with each child and are a recurring finding of
Ofsted inspections; the committee should ask for the figure against the council's own caseload
target. Caseloads said to be manageable or reduced are not reported.]],
  patterns = { "pressure" },
  args = {
    pressure = join(
      near("(caseload*|case load*|cases per|children per worker|children per social worker|workload*)",
        "(high|higher|pressure*|issue*|fewer|too many|too high|reached|rise|risen|rising|increas*|heavy|concern*"
          .. "|above|exceed*|unmanageable|average|per worker|not sustainable|unsustainable)",
        '("manageable"|(had|have|has) (reduced|fallen)|within the agreed|below the agreed)'),
      { "(allocated to|per) [each|a|every] ...{0,4} (worker*|adviser*|advisor*|practitioner*|social worker*)"
          .. " ...{0,4} (increas*|rise|risen|rose|higher) unless (reduc*|fall*|fell|lower)" }),
  },
  check = function(item, ctx) flag_pressure(item, ctx, "caseload pressure") end,
}

-- Why: short-staffed teams are where every other pressure lands.
rule {
  id = "workforce.capacity",
  title = "Staffing or workforce capacity under pressure",
  severity = "notice",
  tags = { "workforce", "capacity" },
  doc = [[
The discussion names staffing or workforce capacity as a challenge, pressure, shortage or gap
("challenges in relation to capacity and staffing", "workforce capacity", "staffing pressures").
Capacity is what vacancies, sickness and turnover add up to; the committee should ask which
teams are short, by how much, and what is covering the gap. The national picture alone is not
reported.]],
  patterns = { "pressure" },
  args = {
    pressure = join(
      near("(staffing|workforce capacity|staff capacity|team capacity|social work capacity|capacity and staffing)",
        DIFFICULTY, "(no|not|across the country|nationally|national picture)"),
      { "(short staffed|understaffed|under staffed|staff shortage*|shortage* of (staff|social workers))"
          .. " unless (no|not|across the country|nationally)" }),
  },
  check = function(item, ctx) flag_pressure(item, ctx, "staffing pressure") end,
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
  patterns = { "pressure" },
  args = {
    pressure = {
      "(agency (staff|worker*|social worker*|spend*|cost*|pay|rate|use|cover|and interim)|(use|reliance|reliant"
        .. "|dependent|dependence|dependency) (of|on) agency|locum*) unless (not over dependent|not dependent"
        .. "|not reliant|no agency|reduced agency|reduction in agency|reduc* [its|the] use of agency)",
    },
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
  patterns = { "pressure" },
  args = {
    pressure = near(
      '("leaving"|left the|turnover|resign*|exit interview*|attrition|churn|losing staff|poor retention'
        .. "|retention (problem*|issue*|difficult*)|difficult* retaining|struggl* to retain)",
      "(social worker*|staff|workforce|practitioner*|team manager*|employee*|newly qualified|nqsw*|workers)",
      "(leaving care|care leaver*|good at retention|retention (was|remained) good|retention had improved"
        .. "|improved retention|stable workforce)"),
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
  patterns = { "pressure" },
  args = {
    pressure = { "(sickness|sick leave|staff absence*|stress related|work related stress|burnout|burn out|long term sick)" },
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
  patterns = { "pressure" },
  args = {
    pressure = near("supervision",
      "(need* to improve|not regular|irregular|infrequent|frequency|gaps|overdue|out of date|not always|not recorded"
        .. "|not evident|lacked|lack of|inconsistent|variable|concern*|poor|not taking place|not happening)"),
  },
  check = function(item, ctx) flag_pressure(item, ctx, "supervision") end,
}
