package kith

import (
	"fmt"
	"strings"
)

// The pages of a subject access bundle, made from the record as it is
// when the bundle is gathered.

// SARRecordPart is a final record as a page of the bundle: what it was
// about, where, each answered section, its addenda and its files (by
// name, description and who provided them). When the record says its
// information was given in confidence, each of its written sections is
// proposed for withholding as well.
func SARRecordPart(seq int, t *Template, r *Record) (SARPart, []SARRedaction) {
	p := SARPart{Seq: seq, Kind: "record", SourceID: r.ID, Title: t.Name, On: DateOf(r.OccurredAt.In(London))}
	add := func(key, label, text string) {
		if text = strings.TrimSpace(text); text != "" {
			p.Blocks = append(p.Blocks, SARBlock{Key: key, Label: label, Text: text})
		}
	}
	add("headline", t.Headline.Label, r.Headline)
	add("location", "Where", r.Location)
	add("author", "Recorded by", r.AuthorName)
	confidential := false
	for _, s := range t.Sections {
		val, ok := r.Content[s.Key]
		if !ok || val.Empty() || s.Kind == SectionFile {
			continue
		}
		if s.InConfidence && val.Answer == "yes" {
			confidential = true
		}
		text := SectionPlainText(s, val)
		if s.Kind == SectionDateTime {
			text = readableDateTime(text)
		}
		add("s:"+s.Key, s.Label, text)
	}
	for i, a := range r.Addenda {
		add(fmt.Sprintf("addendum:%d", i+1), fmt.Sprintf("Addendum by %s, %s", a.AuthorName, DateOf(a.CreatedAt.In(London)).Long()), a.Text)
	}
	for _, f := range r.Attachments {
		text := f.Filename
		if f.Description != "" {
			text += ": " + f.Description
		}
		if f.ProvidedBy != "" {
			text += " (provided by " + f.ProvidedBy + ")"
		}
		add("file:"+f.ID, "File", text)
	}
	var proposed []SARRedaction
	if confidential {
		for _, s := range t.Sections {
			if s.Kind != SectionText && !s.InConfidence {
				continue
			}
			if b := p.Block("s:" + s.Key); b != nil {
				proposed = append(proposed, SARRedaction{Seq: seq, Block: b.Key, Start: 0, End: len(b.Text), Text: b.Text,
					Reason: "confidential_source", Note: "The record says this was given in confidence", Origin: SARProposed})
			}
		}
	}
	return p, proposed
}

// SARPlanPart is a plan as a page of the bundle: each objective, how it
// will be measured, who is responsible and by when.
func SARPlanPart(seq int, pl *Plan) SARPart {
	p := SARPart{Seq: seq, Kind: "plan", SourceID: pl.ID, Title: pl.Kind.Label(), On: pl.StartedOn}
	if !pl.EndedOn.IsZero() {
		p.Blocks = append(p.Blocks, SARBlock{Key: "ended", Label: "Ended", Text: pl.EndedOn.Long() + ". " + pl.EndReason})
	}
	for i, o := range pl.Objectives {
		text := o.Change
		if o.Measure != "" {
			text += "\nHow we will know: " + o.Measure
		}
		if o.OwnerWords != "" {
			text += "\nWho: " + o.OwnerWords
		}
		if !o.Due.IsZero() {
			text += "\nBy: " + o.Due.Long()
		}
		p.Blocks = append(p.Blocks, SARBlock{Key: fmt.Sprintf("objective:%d", i+1), Label: fmt.Sprintf("Objective %d", i+1), Text: text})
	}
	return p
}

// SARKeyEventsPart is the key events Kith recorded by itself (the case
// opened, allocated, moved on, closed; a plan begun), on one page in date
// order. Those a record made are pages already, as their records.
func SARKeyEventsPart(seq int, events []KeyEvent) SARPart {
	p := SARPart{Seq: seq, Kind: "key-events", Title: "Key events"}
	for i, e := range events {
		on := DateOf(e.OccurredAt.In(London))
		if i == 0 {
			p.On = on
		}
		p.Blocks = append(p.Blocks, SARBlock{Key: fmt.Sprintf("event:%d", i+1), Label: on.Long(), Text: e.Summary})
	}
	return p
}

// SARChronologyPart is a chronology the case's workers kept, as a page:
// its title and purpose, each entry as it was taken (with the analysis
// written beside it), and the analysis of the whole. The page's own title
// says only what it is: the chronology's title is the writer's words, so
// it is a block to review like the rest.
func SARChronologyPart(seq int, ch *CuratedChronology) SARPart {
	p := SARPart{Seq: seq, Kind: "chronology", SourceID: ch.ID, Title: "Chronology", On: DateOf(ch.CreatedAt.In(London))}
	p.Blocks = append(p.Blocks, SARBlock{Key: "title", Label: "Title", Text: ch.Title + "\n" + ch.Purpose.Label() + " (" + lowerFirst(ch.Status.Label()) + ")"})
	for i, e := range ch.Entries {
		text := e.Event
		for _, line := range []struct{ label, text string }{{"", e.Description}, {"Source: ", e.Source}, {"Analysis: ", e.Analysis}} {
			if line.text != "" {
				text += "\n" + line.label + line.text
			}
		}
		p.Blocks = append(p.Blocks, SARBlock{Key: fmt.Sprintf("entry:%d", i+1), Label: e.Date.Long(), Text: text})
	}
	if ch.Analysis != "" {
		p.Blocks = append(p.Blocks, SARBlock{Key: "analysis", Label: "Analysis", Text: ch.Analysis})
	}
	return p
}

// readableDateTime writes a stored date and time ("2026-06-10 14:30") as
// a reader would ("10 June 2026 14:30"); anything else as it is.
func readableDateTime(s string) string {
	day, clock, _ := strings.Cut(s, " ")
	d, err := ParseISODate(day)
	if err != nil {
		return s
	}
	return strings.TrimSpace(d.Long() + " " + clock)
}
