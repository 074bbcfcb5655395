package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kith/internal/kithtest"
)

// A record that describes an injury, finalised without "Harm or injury
// occurred" ticked, is held back once with a prompt pointing at the tick
// box (the tick makes it due by the end of the next working day). Saying
// so again finalises it as it is; ticking finalises it with the tick; a
// record that says there was no injury is not held back.
func TestInjuryPromptsTheHarmTick(t *testing.T) {
	for _, engine := range kithtest.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newTestCouncil(t, engine)
			amy := c.Allocate(c.Actor(c.Manager), c.Case(c.Actor(c.Prac), "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac)
			b := c.signIn(t, c.Prac)
			start := func() string {
				res := b.post("/cases/"+amy.Reference+"/records/new", url.Values{"template": {"home-visit"}})
				if res.status != http.StatusSeeOther {
					t.Fatalf("start: %d", res.status)
				}
				return res.location
			}
			visit := func(version, observations string) url.Values {
				v := withAction(visitForm(version, "Mum stayed in the room"), "finalise")
				v.Set("s.observations", observations)
				return v
			}

			draft := start()
			res := b.post(draft, visit("1", "A bruise on Amy’s left cheek; she said she fell off the slide."))
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("finalise with an injury and no tick: %d", res.status)
			}
			mustContain(t, res.body, "There is a problem", `href="#risk"`, "You wrote “A bruise on Amy’s left cheek”",
				"due by the end of the next working day", `name="injury_checked" value="1"`, "A bruise on Amy’s left cheek; she said she fell off the slide.")
			// Finalising again, having read it, finalises without the tick.
			again := visit("2", "A bruise on Amy’s left cheek; she said she fell off the slide.")
			again.Set("injury_checked", "1")
			if res = b.post(draft, again); res.status != http.StatusSeeOther {
				t.Fatalf("finalise after the prompt: %d %s", res.status, text(res.body))
			}
			mustNotContain(t, b.follow(res).body, "Harm or risk identified")

			// Ticked, it goes straight through and says so.
			draft = start()
			ticked := visit("1", "Bruising to Amy’s upper arm.")
			ticked.Set("risk", "yes")
			if res = b.post(draft, ticked); res.status != http.StatusSeeOther {
				t.Fatalf("finalise ticked: %d %s", res.status, text(res.body))
			}
			mustContain(t, b.follow(res).body, "Harm or risk identified")

			// No injury: no prompt.
			draft = start()
			if res = b.post(draft, visit("1", "I checked Amy’s arms; no bruises or marks.")); res.status != http.StatusSeeOther {
				t.Fatalf("finalise saying there was no injury: %d %s", res.status, text(res.body))
			}
			if strings.Contains(res.body, "You wrote") {
				t.Error("prompted for a record that says there was no injury")
			}
		})
	}
}
