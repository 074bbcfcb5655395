package quality

import "testing"

func TestJudgementsAreFoundInTheSentencesShape(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"The flat was filthy and Mum was hostile. Amy was happy.", []string{"flat was filthy", "Mum was hostile", "Amy was happy"}},
		{"Dad became very aggressive.", []string{"Dad became very aggressive"}},
		{"Mrs Green is good at keeping her flat tidy.", nil},
		{"He was neatly dressed.", nil},
		{"Craig was arrested on Friday.", nil},
		{"Mum was angry. She shouted at me to leave.", nil},
		{"Amy said Mum was angry.", nil},
		{"Amy was tearful.", nil},
		{"Leo was upset by the noise.", []string{"Leo was upset"}},
		{"Amy was bitten by the dog next door.", nil},
		{"There were no toys in the bedroom.", nil},
		{"Amy told me “Mum is horrible”.", nil},
	} {
		found, err := testChecker.Check(NoteOfText(c.text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range found {
			if f.Rule == "opinion.judgement" {
				got = append(got, f.Text)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: judgements %q, want %q", c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: judgement %d is %q, want %q", c.text, i, got[i], c.want[i])
			}
		}
	}
}
