package sqldb_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith"
	"kith/internal/kithtest"
)

// The copy-paste index catching up on a backlog (after a full disk was
// given room, say) writes transaction after transaction. It pauses for a
// checkpoint after each, so SQLite's write-ahead log starts over each time
// instead of growing with all of them: it once refilled a disk that had
// just been given room.
func TestIndexCatchUpKeepsTheLogShort(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kith.db")
	db := kithtest.OpenAt(t, path)
	c := newCouncil(t, db)
	ctx := context.Background()
	prac := c.A(c.Prac1)
	amy := c.Allocate(c.A(c.TM1), c.Case(prac, "Amy", "Alder", kithtest.Date(2015, 5, 5), c.T1), c.T1, c.Prac1)

	// 150 visits of their own words: tens of thousands of prints queued.
	words := strings.Fields(`apple board candle dinner engine forest garden harbour island jacket kettle ladder meadow needle orange pencil
		quarry rabbit saddle table umbrella valley wagon yellow zebra bridge castle dragon feather glacier hammer insect jungle lantern marble`)
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for range 600 {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	for range 150 {
		in := homeVisit(db, 0, "Mum stayed in the room")
		in.Content["discussion"] = kith.SectionValue{Text: text()}
		finalised(t, db, prac, amy.Reference, in)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeAllText(ctx, 40); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 8<<20 {
		t.Errorf("after the index caught up, the write-ahead log is %d MB: it grew with every transaction", st.Size()>>20)
	}
}
