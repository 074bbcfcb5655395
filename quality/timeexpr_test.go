package quality

import "testing"

func TestAnActionsTimeIsReadFromItsWords(t *testing.T) {
	for _, s := range []string{
		"I will visit Amy by 5 December.", "Mum will ring within 10 working days.", "by Friday",
		"Jo will read 20 words by July 2027.", "By the end of the school year Amy will swim 10 metres.",
		"Dad will take Leo to football every Saturday.", "Nan will check the medicine weekly.",
		"Family game night twice a week.", "reduce shouting to 10 times per hour", "Jane will go for two consecutive weeks without a fire.",
		"over a period of 30 days", "Arrive 5 minutes before each scheduled visit.", "Three-week time frame, starting with Nan staying for 30 minutes.",
	} {
		if !timeExpr.MatchString(s) {
			t.Errorf("%q: no time found", s)
		}
	}
	for _, s := range []string{
		"Mum will take Amy to the dentist.", "Dad to engage with services.", "Continue to monitor.", "Amy will attend a day trip.",
		"Mum will behave better.", "The worker will see Amy regularly.", "Nan has two weeks' holiday left.",
	} {
		if timeExpr.MatchString(s) {
			t.Errorf("%q: a time was found in words that give none: %q", s, timeExpr.FindString(s))
		}
	}
}
