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
	`offered|booked|chased|shared|provided|explored|considered|reviewed|discussed|convened|undertaken))\b`)

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
	"professionals": true, "all professionals": true, "all": true, "all agencies": true, "agencies": true, "the network": true,
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
	`(?:daily|weekly|fortnightly|monthly|every\s+(?:day|week|fortnight|month|\d+\s+(?:days|weeks)))` +
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

// ownerInText reports whether an action's words say who will do it.
func ownerInText(text string) bool {
	if _, _, ok := passivePhrase(text); ok {
		return false
	}
	words := Split(text).Words
	if len(words) == 0 {
		return false
	}
	first := words[0]
	if collectiveOwners[first.Lower] {
		return false
	}
	// An imperative ("Refer to CAMHS", "Arrange a visit") names no one.
	if imperatives[first.Lower] {
		return false
	}
	return true
}

var imperatives = wordSet(`refer arrange complete book make send chase contact visit ensure undertake convene hold share
	monitor continue review support offer provide explore consider discuss update obtain request liaise seek attend follow`)

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
		if strings.TrimSpace(p.Action.By) != "" || timeExpr.MatchString(p.Text) {
			return
		}
		c.add(r, p, 0, len(p.Text), nil)
		return
	}
	for _, it := range actionItems(p) {
		if !timeExpr.MatchString(p.Text[it.Start:it.End]) {
			c.add(r, p, it.Start, it.End, nil)
		}
	}
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
		w := s.Words
		if len(w) > 0 && collectiveOwners[w[0].Lower] {
			end := w[0].End
			if len(w) > 1 && collectiveOwners[w[0].Lower+" "+w[1].Lower] {
				end = w[1].End
			}
			c.add(r, p, w[0].Start, end, nil, "{who}", p.Text[w[0].Start:end])
		}
	}
}
