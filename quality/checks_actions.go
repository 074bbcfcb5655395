package quality

import (
	"regexp"
	"strings"
)

// An action is SMART when it says who will do what by when (seed 001). A
// structured action row has its own "who" and "by"; an action written as
// text (a plain-text note) must say them in its words.

// passive finds "will be made", "to be arranged", "is being sought": a
// form of "be" and a past participle, which hides who will act. A "by"
// after it names them, and is looked for separately.
var passive = regexp.MustCompile(`(?i)\b(?:(?:will|to|shall|should|must|would|can|could|may|might)\s+be|is|are|was|were|being|been|be)\s+(?:being\s+)?` +
	`((?:[a-z]+ed|made|done|given|taken|sent|seen|held|kept|set|told|written|sought|brought|put|found|shown|undertaken|arranged|completed|` +
	`offered|booked|chased|shared|provided|explored|considered|reviewed|discussed|convened))\b`)

var passiveAgent = regexp.MustCompile(`(?i)\bby\s+(?:the\s+|her\s+|his\s+|their\s+)?[A-Za-z]`)

// passivePhrase returns the span of a passive with no agent in text.
func passivePhrase(text string) (int, int, bool) {
	for _, m := range passive.FindAllStringSubmatchIndex(text, -1) {
		// "will be done by Friday" names a date, not an agent.
		rest := text[m[1]:]
		if loc := passiveAgent.FindStringIndex(rest); loc != nil && loc[0] < 3 && !timeExpr.MatchString(rest[loc[0]:]) {
			continue
		}
		return m[0], m[1], true
	}
	return 0, 0, false
}

// collective owners are everyone and so no one.
var collectiveOwners = map[string]bool{
	"professionals": true, "all professionals": true, "everyone in the network": true, "everyone involved": true, "all": true, "all agencies": true, "agencies": true, "the network": true,
	"network": true, "services": true, "everyone": true, "all involved": true, "the team": true, "team": true, "partners": true,
	"all partners": true, "professional network": true, "the professional network": true, "multi-agency": true, "tbc": true,
}

// timeExpr is a date or a time a task can be checked against: "by 7
// March", "by Friday", "within 5 working days", "before the review".
var timeExpr = regexp.MustCompile(`(?i)\b(?:` +
	`\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2}|` +
	`\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|` +
	`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?|` +
	`(?:by|on|before|until|from)\s+(?:next\s+|this\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight)|` +
	`(?:today|tomorrow|tonight)|` +
	`(?:within|in)\s+(?:\d+|one|two|three|four|five|six|seven|eight|ten|twelve|a)\s+(?:working\s+|school\s+|calendar\s+)?(?:days?|weeks?|months?|hours?)|` +
	`(?:by|before)\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|week|month|term|[a-z]+)|` +
	`(?:next|this)\s+(?:week|month|term)|` +
	`(?:before|by|at)\s+the\s+(?:next\s+)?(?:review|visit|meeting|conference|core group|hearing|panel|appointment)(?:\s+on\s+\S+)?|` +
	// A month and year: "by July 2027".
	`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+\d{4}|` +
	// A recurring action's time is how often: "every Tuesday", "weekly",
	// "twice a week", "10 times per hour".
	`(?:every|each)\s+(?:other\s+|scheduled\s+|planned\s+|weekday\s+)?(?:day|morning|afternoon|evening|night|week|weekend|fortnight|month|term|session|visit|lesson|school\s+day|` +
	`monday|tuesday|wednesday|thursday|friday|saturday|sunday)|` +
	`(?:daily|nightly|weekly|fortnightly|monthly|termly)|` +
	`(?:once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|per|each|every)\s+(?:day|week|fortnight|month|term|hour|session|visit)|` +
	`per\s+(?:day|week|fortnight|month|hour|session|visit)|` +
	// A span: "for two consecutive weeks", "over a period of 30 days".
	`(?:for|over)\s+(?:a\s+period\s+of\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:consecutive\s+)?(?:school\s+)?(?:days|weeks|months)|` +
	`(?:\d+|one|two|three|four|five|six)[- ](?:day|week|month)\s+(?:time\s*frame|period)` +
	`)\b`)

// actionItems splits an action part into items: each line, or each
// sentence of a paragraph.
func actionItems(p *partRun) []Span {
	var out []Span
	for _, s := range p.text.Sentences {
		if len(s.Words) == 1 && hasDigit(s.Words[0].Lower) {
			continue // the "1." of a numbered list
		}
		out = append(out, Span{s.Start, s.End})
	}
	return out
}

// ownerInText reports whether an action's words say who will do it: they
// start with someone (I, we, a name, a role), or with a group (which the
// collective-owner rule questions). A passive ("a referral will be made")
// or an instruction ("Refer to CAMHS") names no one.
func ownerInText(text string) bool {
	words := Split(text).Words
	if len(words) == 0 {
		return false
	}
	first := words[0]
	switch {
	case subjects[first.Lower] || collectiveStart(words):
		return true
	case imperatives[first.Lower]:
		return false
	}
	if _, _, ok := passivePhrase(text); ok {
		return false
	}
	return true
}

// subjects start an action with who will do it.
var subjects = wordSet(`i we he she they mum dad nan grandad mother father carer carers school teacher gp nurse`)

var imperatives = wordSet(`refer arrange complete book make send chase contact visit ensure undertake convene hold share
	monitor continue review support offer provide explore consider discuss update obtain request liaise seek attend follow keep
	check write phone call ring email text speak talk meet organise organize apply agree plan set identify assess`)

// collectiveStart reports whether words start with a collective owner
// ("Professionals to…", "All agencies to…", "The network to…").
func collectiveStart(words []Word) bool {
	if len(words) == 0 {
		return false
	}
	_, n := collectivePrefix(words)
	return n > 0
}

// collectivePrefix returns the collective owner a sentence starts with,
// and how many words it takes.
func collectivePrefix(words []Word) (string, int) {
	for n := min(3, len(words)); n > 0; n-- {
		var parts []string
		for _, w := range words[:n] {
			parts = append(parts, w.Lower)
		}
		if k := strings.Join(parts, " "); collectiveOwners[k] {
			return k, n
		}
	}
	return "", 0
}

// actionNoOwner: an action with no one named to do it. The words that
// hide the owner ("will be made") are highlighted.
func actionNoOwner(c *checkRun, r *Rule, p *partRun) {
	if strings.TrimSpace(p.Text) == "" {
		return
	}
	if p.Action != nil {
		if strings.TrimSpace(p.Action.Who) != "" {
			return
		}
		start, end := 0, len(p.Text)
		if s, e, ok := passivePhrase(p.Text); ok {
			start, end = s, e
		}
		c.add(r, p, start, end, nil)
		return
	}
	for _, it := range actionItems(p) {
		item := p.Text[it.Start:it.End]
		if !ownerInText(item) {
			start, end := it.Start, it.End
			if s, e, ok := passivePhrase(item); ok {
				start, end = it.Start+s, it.Start+e
			}
			c.add(r, p, start, end, nil)
		}
	}
}

// actionNoDate: an action with no date to check it against.
func actionNoDate(c *checkRun, r *Rule, p *partRun) {
	if strings.TrimSpace(p.Text) == "" {
		return
	}
	if p.Action != nil {
		if strings.TrimSpace(p.Action.By) != "" || timeExpr.MatchString(p.Text) || c.vagueWhen(p.Text) {
			return
		}
		c.add(r, p, 0, len(p.Text), nil)
		return
	}
	dated := false
	for _, it := range actionItems(p) {
		item := p.Text[it.Start:it.End]
		switch {
		case timeExpr.MatchString(item):
			dated = true
		case dated && thenWord.MatchString(item):
			// "…by 19 December. The coordinator will then contact Dawn."
		case c.vagueWhen(item):
			// "ASAP" is the vague-when rule's: one finding is enough.
		default:
			c.add(r, p, it.Start, it.End, nil)
		}
	}
}

var thenWord = regexp.MustCompile(`(?i)\b(?:then|after that|afterwards)\b`)

// vagueWhen reports whether an action gives a vague time ("ASAP",
// "ongoing"), which the vague-when rule finds.
func (c *checkRun) vagueWhen(text string) bool {
	r, ok := c.checker.byID["actions.vague-when"]
	if !ok || r.phrases == nil {
		return false
	}
	found := false
	r.phrases.match(Split(text).Words, func(int, int, string) { found = true })
	return found
}

// actionCollectiveOwner: "professionals" or "all" as the owner.
func actionCollectiveOwner(c *checkRun, r *Rule, p *partRun) {
	if p.Action != nil {
		if collectiveOwners[strings.ToLower(strings.TrimSpace(p.Action.Who))] {
			c.add(r, p, 0, len(p.Text), nil, "{who}", strings.TrimSpace(p.Action.Who))
		}
		return
	}
	for _, s := range p.text.Sentences {
		if _, n := collectivePrefix(s.Words); n > 0 {
			start, end := s.Words[0].Start, s.Words[n-1].End
			c.add(r, p, start, end, nil, "{who}", p.Text[start:end])
		}
	}
}
