---@meta scrutiny
-- LuaLS (lua-language-server) annotations for scrutiny rule files: completion, hover and type
-- checks in an editor. Point the workspace at this folder, e.g. in .luarc.json:
--   { "runtime.version": "Lua 5.4", "workspace.library": [ "rules/types" ] }
-- This file is never run: it lives in a sub-folder, which the host does not load as rules.

---@alias Severity "info"|"notice"|"warning"|"high"|"critical"
---@alias Scope "item"|"meeting"|"indicator"
---@alias ObjectType
---| "meeting"
---| "item"
---| "section"
---| "paragraph"
---| "sentence"
---| "resolution"
---| "speaker"
---| "figure"
---| "date"
---| "reference"
---| "match"
---@alias SectionKind "minutes"|"resolved"|"supporting"|"additional"|"present"|"apologies"|"preamble"|"other"
---@alias SpeakerKind "councillor"|"officer"
---@alias FigureKind "percent"|"count"|"words"|"money"
---@alias DateKind "day"|"month"|"year"|"financial_year"|"quarter"|"relative"

---What `rule{}` takes. Unknown fields are an error at load time.
---@class RuleSpec
---@field id string unique id, letters, digits, '.', '_' and '-': "family.name"
---@field title? string one line; defaults to the id
---@field severity? Severity default "warning"
---@field tags? string[] the family first, then topical tags
---@field scope? Scope "item" (default): check runs once per item; "meeting": once per meeting
---@field args? table defaults the check reads through ctx.args (keyword lists, thresholds)
---@field doc? string what the rule checks and why a scrutiny committee cares
---@field check fun(obj: Item|Meeting|Indicator, ctx: Ctx) an Item; the Meeting when scope = "meeting"; an Indicator when scope = "indicator"
---@field waivable? boolean false: no waiver may silence this rule's findings (default true)

---Registers a rule. Call it while the rule file loads, once per rule.
---@param spec RuleSpec
function rule(spec) end

---@alias EscalationScope "item"|"meeting"|"council"

---@class EscalationFinding
---@field rule string
---@field severity Severity
---@field message string
---@field file string
---@field line integer
---@field column integer
---@field excerpt string
---@field council string
---@field meeting string
---@field item string

---@class EscalationSpec
---@field id string
---@field severity? Severity default "high"
---@field scope? EscalationScope default "meeting"; "council" groups a council's meetings
---@field when? string condition over rule ids, globs and tags, with counts: "workforce.* >= 3 and outcomes.noted-only"
---@field message? string
---@field check? fun(findings: EscalationFinding[], info: { id: string, scope: EscalationScope }): boolean, string? fires when it returns true (and `when`, if given, holds); a second result is the message

---Registers an escalation: a finding that stands on the findings of a scope.
---@param spec EscalationSpec
function escalation(spec) end

---Loads `name.lua` ("a.b" reads a/b.lua) from the folders of the loaded rule files, once, and
---returns what it returned. The module is shared by every rule file that requires it.
---@param name string
---@return any
function require(name) end

---What a check function gets besides the object: its rule's args, id and severity, and the
---means to report. Read-only.
---@class Ctx
---@field args table a copy of the rule's `args` (nested tables are shared: do not change them)
---@field rule string the rule's id
---@field severity Severity the rule's severity
local Ctx = {}

---Reports a finding at the span of `at`.
---@param finding { at: ModelObject, message: string, severity?: Severity }
function Ctx:flag(finding) end

---Runs one read-only SQL statement over the store (tables documents meetings items sections
---paragraphs resolutions speakers figures dates refs facts runs findings); `?` parameters are bound
---from the extra arguments. Returns the rows, each a table keyed by column name.
---@param sql string
---@param ... nil|boolean|number|string
---@return table[]
function Ctx:query(sql, ...) end

---The council's series of an indicator from the catalogue (this council unless `council` is given).
---@param id string
---@param council? string
---@return Indicator
function Ctx:indicator(id, council) end

---@class Indicator: ModelObject
---@field id string
---@field title string
---@field unit string
---@field polarity "higher"|"lower"|"context"
---@field target? number the catalogue's default target
---@field england? number the catalogue's England figure
---@field council string
---@field definition? string
---@field series Point[] oldest first, one period kind
local Indicator = {}
---@return Point?
function Indicator:latest() end
---@return Point?
function Indicator:previous() end
---@param period string "Q3 2023/24", "2023/24", "2023-12"
---@return Point?
function Indicator:at(period) end
---The latest point whose period ended before a date (YYYY-MM-DD).
---@param date string
---@return Point?
function Indicator:before(date) end
---@param n? integer periods (default 4)
---@return { direction: "worsening"|"improving"|"flat"|"mixed"|"unknown", change: number, steps: integer, from: Point, to: Point }?
function Indicator:trend(n) end
---Latest periods in a row worse than target, and the first of them.
---@return integer, Point?
function Indicator:streak_off_target() end
---@param point? Point
---@return "green"|"amber"|"red"|nil
function Indicator:rag(point) end
---How much better (+) or worse (-) than a comparator, by polarity.
---@param comparator "england"|"statistical_neighbours"|"region"|"target"
---@param point? Point
---@return number?
function Indicator:vs(comparator, point) end

---@class Point: ModelObject
---@field period string canonical label
---@field kind "year"|"financial_year"|"quarter"|"month"
---@field value? number nil when suppressed or missing
---@field missing? string what a suppression marker meant
---@field target? number
---@field england? number
---@field statistical_neighbours? number
---@field region? number
---@field indicator Indicator

---Keeps a fact about this meeting for later meetings of the same council (stored with --db).
---@param kind string 1 to 64 characters, e.g. "commitment"
---@param fields table strings, numbers and booleans; `at` (a model object) gives the span
function Ctx:record(kind, fields) end

---@class Fact
---@field kind string
---@field rule string the rule that recorded it
---@field council string
---@field date string the meeting's date (YYYY-MM-DD)
---@field file string
---@field item string
---@field line integer
---@field column integer
---@field end_line integer
---@field end_column integer
---@field text string the text at `at` when it was recorded
---@field fields table the fields given to ctx:record

---Facts of this council recorded at earlier meetings (any other meeting when this one has no
---date), oldest first; `filter` keeps those whose fields equal its values.
---@param kind string
---@param filter? table
---@return Fact[]
function Ctx:facts(kind, filter) end

---Fields every model object has: where it is and what it says. Objects are read-only and valid
---only while their document is being checked.
---@class ModelObject
---@field type ObjectType
---@field text string the source text of the span
---@field file string path of the minutes file
---@field line integer first line of the span (1-based)
---@field column integer first column of the span (1-based)
---@field end_line integer
---@field end_column integer
---@field item? Item the item the object belongs to (nil on an item, the meeting, and meeting-level objects)
---@field meeting Meeting
local ModelObject = {}

---Matches of any of `words` in this object's span, in text order: from word starts, ignoring
---case, curly versus straight quotes and hyphens ("re-referral" finds "re referral"). Keywords
---are stems unless `{ whole = true }`. A single string is taken as a list of one.
---@param words string|string[]
---@param opts? { whole?: boolean }
---@return Match[]
function ModelObject:find_any(words, opts) end

---Whether `find_any` would find anything.
---@param words string|string[]
---@param opts? { whole?: boolean }
---@return boolean
function ModelObject:has_any(words, opts) end

---@class Meeting: ModelObject
---@field council string from the front matter, or ""
---@field committee string
---@field date string ISO date, or ""
---@field title string
---@field path string
---@field items Item[]
---@field present Speaker[] people listed as present
---@field paragraphs Paragraph[] paragraphs outside any item
---@field sections Section[] sections outside any item

---An agenda item: its heading, sections and everything found in them. Lists are fresh tables
---on each access.
---@class Item: ModelObject
---@field number? string "6", "219", nil when the heading has none
---@field title string
---@field purpose? string the text between the heading and the first section ("To consider ...")
---@field index integer position in the meeting, from 1
---@field sections Section[]
---@field paragraphs Paragraph[] every paragraph, the resolutions' included
---@field resolutions Resolution[]
---@field speakers Speaker[]
---@field figures Figure[]
---@field dates Date[]
---@field references Reference[]
local Item = {}

---The item's sentences, in text order.
---@return Sentence[]
function Item:sentences() end

---The item's first section of a kind, or nil.
---@param kind SectionKind
---@return Section?
function Item:section(kind) end

---A heading such as "Minutes:" or "RESOLVED" and the paragraphs under it. Its span is the heading.
---@class Section: ModelObject
---@field kind SectionKind
---@field name string the heading as written ("" for an implied Minutes section)
---@field paragraphs Paragraph[]

---@class Paragraph: ModelObject
---@field label? string "1", "a", "ii", "6.2", nil when unlabelled
---@field bullet boolean
---@field heading boolean a sub-heading inside the item ("Agency Staff"); it has no sentences
---@field body string the text after the label or bullet
---@field section? SectionKind the kind of section it is in, nil before the first section
local Paragraph = {}

---The paragraph's sentences.
---@return Sentence[]
function Paragraph:sentences() end

---@class Sentence: ModelObject
---@field paragraph Paragraph
---@field figures Figure[]

---@class Resolution: ModelObject
---@field label? string "1", "a", "ii", "·", nil when unlabelled
---@field body string the resolution without its label
---@field owner? string from an "Action:" line that follows it

---@class Speaker: ModelObject
---@field name string "Councillor Potts", "The Head of Safeguarding"
---@field kind SpeakerKind

---@class Figure: ModelObject
---@field value number 28.5 for "28.5%", 6 for "six"
---@field kind FigureKind
---@field unit string "%", "£", or the word after the figure ("vacancies")
---@field sentence Sentence

---"21 June 2017" has iso "2017-06-21"; "September 2018" "2018-09"; "2018/19" "2018/19";
---"quarter 3" "Q3"; "end of March" "--03" (a month of no stated year); "in six months' time" "P6M"
---(an ISO 8601 duration from the meeting); "a future meeting" "".
---@class Date: ModelObject
---@field kind DateKind
---@field iso string

---@class Reference: ModelObject
---@field kind string "minute", "item", "recommendation", "appendix"
---@field number string

---What `find_any` returns: the matched text and its sentence.
---@class Match: ModelObject
---@field keyword string the keyword that matched, as given
---@field sentence Sentence
