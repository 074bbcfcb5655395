package kith

import (
	"regexp"
	"strings"
)

// FamilyWho names an action's owner for the family version of a summary:
// the worker and the family by name, as the family knows them; anyone
// else only by their role and agency ("GP, Riverside Surgery"), so the
// family version carries no other people's details.
func FamilyWho(o Owner, words string) string {
	switch o.Kind {
	case OwnerWorker, OwnerFamily:
		return words
	}
	var about []string
	for _, s := range []string{o.Role, o.Agency} {
		if s = strings.TrimSpace(s); s != "" {
			about = append(about, s)
		}
	}
	if len(about) == 0 {
		return "Someone outside the family"
	}
	return strings.Join(about, ", ")
}

// A GlossaryTerm is a word the family version of a summary may use, said
// in plain English.
type GlossaryTerm struct {
	Term    string
	Meaning string
	// Forms are the ways the term is written; an all-capital form (an
	// acronym) matches only in capitals, the rest in any case.
	Forms []string
}

// FamilyGlossary is what the family version explains when its text uses
// the term. Kith's own wording, in the order a family is likely to meet
// the terms.
var FamilyGlossary = []GlossaryTerm{
	{"Case summary", "A short account of the work with your family over a period of time. Your social worker writes one at least every three months, and when your case closes or moves to another worker.", []string{"case summary", "summary"}},
	{"Early help", "Support offered to a family early on, before problems get bigger.", []string{"early help"}},
	{"Child in need", "A child who needs extra help from services to be safe and healthy, or to develop well. A child in need plan says what that help is.", []string{"child in need", "CIN"}},
	{"Child protection", "Work to keep a child safe when professionals are worried the child may be seriously harmed. A child protection plan says what everyone will do to keep the child safe.", []string{"child protection", "CP plan"}},
	{"Child protection conference", "A meeting of the family and professionals that decides whether a child needs a child protection plan.", []string{"conference", "ICPC", "RCPC"}},
	{"Core group", "The family and the professionals who meet regularly to carry out a child protection plan.", []string{"core group"}},
	{"Strategy discussion", "A meeting of social care, the police and health services to decide what to do when a child may be at risk of serious harm.", []string{"strategy discussion", "strategy meeting"}},
	{"Section 47 enquiry", "Enquiries the council must make when a child may be at risk of serious harm (section 47 of the Children Act 1989).", []string{"section 47", "s47", "S47"}},
	{"Looked after", "A child who is looked after lives away from home with the council's support, for example with foster carers. A care plan says how they will be cared for.", []string{"looked after", "care plan", "LAC", "CLA"}},
	{"Placement", "Where a child who is looked after lives, such as with foster carers or in a children's home.", []string{"placement"}},
	{"Pathway plan", "A plan with a young person leaving care about their future: where they will live, education, work, money and health.", []string{"pathway plan"}},
	{"Plan", "What everyone has agreed to do, and the changes it is working towards.", []string{"plan"}},
	{"Objective", "Something the plan is trying to change, and how everyone will know it has changed.", []string{"objective", "objectives"}},
	{"Progress rating", "A score from 0 to 10 for how much has changed: 0 means nothing has changed yet, 10 means the change has happened.", []string{"rating", "rated", "progress rating"}},
	{"Referral", "Asking another service to help the child or family.", []string{"referral", "referrals", "referred"}},
	{"Direct work", "Time a social worker spends with a child, talking or doing activities together, to understand their life and what they want.", []string{"direct work", "direct session", "direct sessions"}},
	{"Assessment", "Finding out and thinking about what a child and family need.", []string{"assessment"}},
	{"Safeguarding", "Protecting children from harm and making sure they grow up safe.", []string{"safeguarding"}},
	{"Family time", "Time a child spends with family they do not live with. Professionals sometimes call it “contact”.", []string{"family time"}},
	{"CAMHS", "Child and Adolescent Mental Health Services: the NHS service for children's emotional and mental health.", []string{"CAMHS"}},
	{"GP", "Your family doctor.", []string{"GP"}},
	{"IRO", "Independent reviewing officer: someone who checks that the plan for a looked-after child is working.", []string{"IRO"}},
	{"LADO", "Local authority designated officer: the person who looks into worries about adults who work with children.", []string{"LADO"}},
	{"EHCP", "Education, health and care plan: a plan for a child with special educational needs that says what support they get.", []string{"EHCP"}},
	{"Supervision", "Regular meetings where a social worker talks through their work with their manager.", []string{"supervision"}},
}

var glossaryPatterns = func() [][]*regexp.Regexp {
	out := make([][]*regexp.Regexp, len(FamilyGlossary))
	for i, t := range FamilyGlossary {
		for _, f := range t.Forms {
			expr := `\b` + regexp.QuoteMeta(f) + `\b`
			if f != strings.ToUpper(f) {
				expr = `(?i)` + expr
			}
			out[i] = append(out[i], regexp.MustCompile(expr))
		}
	}
	return out
}()

// GlossaryFor lists the glossary terms the texts use, in glossary order.
func GlossaryFor(texts ...string) []GlossaryTerm {
	all := strings.Join(texts, "\n")
	var out []GlossaryTerm
	for i, t := range FamilyGlossary {
		for _, re := range glossaryPatterns[i] {
			if re.MatchString(all) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}
