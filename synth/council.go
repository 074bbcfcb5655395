package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"kith"
)

// The fixed demo usernames. They exist at every scale, so that `kith demo`,
// the documentation and the benchmarks can rely on them.
const (
	// UserPractitioner holds a full caseload (25 to 30 open cases) in a
	// children in need and protection team.
	UserPractitioner = "practitioner"
	// UserManager manages UserPractitioner's team.
	UserManager = "manager"
	// UserServiceManager manages the service that team belongs to.
	UserServiceManager = "service.manager"
	// UserAdmin manages users and teams and sees no case content.
	UserAdmin = "admin"
	// UserAuditor may read every case that is not restricted.
	UserAuditor = "auditor"
	// UserInformationGovernance logs and tracks subject access requests.
	UserInformationGovernance = "ig.officer"
)

// teamKind is the work a team does; it decides the statuses and histories
// of the cases the team holds.
type teamKind int

const (
	kindEarlyHelp    teamKind = iota
	kindSafeguarding          // children in need and child protection
	kindLookedAfter
	kindLeavingCare
)

var kindShare = []float64{0.25, 0.45, 0.20, 0.10}

// serviceNames are the council's services; a team kind belongs to the
// service at serviceOf[kind].
var (
	serviceNames = []string{"Early help", "Children in need and protection", "Children looked after and care leavers"}
	serviceOf    = []int{0, 1, 2, 2}
	teamLabels   = []string{"early help team", "safeguarding team", "children looked after team", "leaving care team"}
	workerTitles = []string{"Family support worker", "Social worker", "Social worker", "Personal adviser"}
)

type service struct {
	id, name string
	manager  *staff
}

type team struct {
	id, name      string
	kind          teamKind
	svc           *service
	town          int
	manager       *staff
	practitioners []*staff
	unallocated   int
	closed        int
}

type staff struct {
	id, username, name, job string
	team                    *team
	caseload                int
}

// shape is the size of a council: its teams, their practitioners'
// caseloads, and how many open cases wait for allocation and how many
// closed cases each team keeps.
type shape struct {
	kinds       []teamKind
	caseloads   [][]int // per team, per practitioner
	unallocated []int
	closed      []int
}

// sizeCouncil works out the council's shape from the number of cases, so
// that practitioners hold 25 to 30 open cases in teams of 6 to 10. A
// small council (a demo) keeps at least four teams of two practitioners,
// so there is always another team to compare access with; then the first
// practitioner of the first safeguarding team (UserPractitioner) still
// holds a full caseload and the others hold what is left.
func sizeCouncil(r *rand.Rand, open, closed int) shape {
	minTeams := min(max(open/30, 4), 7)
	unallocated := max(open/50, min(minTeams, open/20))
	allocated := open - unallocated
	practitioners := max(1, int(math.Round(float64(allocated)/27.5)))
	teams := max((practitioners+7)/8, minTeams)
	practitioners = max(practitioners, 2*teams)

	var s shape
	for k, n := range apportion(teams, kindShare, 1) {
		for range n {
			s.kinds = append(s.kinds, teamKind(k))
		}
	}
	sizes := apportion(practitioners, evenWeights(teams), 2)
	if practitioners >= 6*teams {
		// Teams of 6 to 10, not all the same size.
		for range 2 * teams {
			i, j := r.IntN(teams), r.IntN(teams)
			if sizes[i] > 6 && sizes[j] < 10 {
				sizes[i]--
				sizes[j]++
			}
		}
	}
	// The demo practitioner is the first of the first safeguarding team.
	first := 0
	for i, k := range s.kinds {
		if k == kindSafeguarding {
			first = i
			break
		}
	}
	loads := spread(r, allocated, practitioners, first, sizes)
	at := 0
	for _, n := range sizes {
		s.caseloads = append(s.caseloads, loads[at:at+n])
		at += n
	}
	s.unallocated = apportion(unallocated, evenWeights(teams), 0)
	weights := make([]float64, teams)
	for i := range weights {
		weights[i] = float64(s.unallocated[i])
		for _, n := range s.caseloads[i] {
			weights[i] += float64(n)
		}
		weights[i] += 1 // a team with no open cases may still have closed ones
	}
	s.closed = apportion(closed, weights, 0)
	return s
}

// spread shares n cases among practitioners: the demo practitioner (the
// first of team `first`) gets 25 to 30, the others 25 to 30 each when the
// numbers allow, or else about an even share.
func spread(r *rand.Rand, n, practitioners, first int, sizes []int) []int {
	loads := make([]int, practitioners)
	demo := 0
	for i := 0; i < first; i++ {
		demo += sizes[i]
	}
	loads[demo] = min(between(r, 25, 30), n)
	rest, others := n-loads[demo], practitioners-1
	if others == 0 {
		loads[demo] = n
		return loads
	}
	mean := float64(rest) / float64(others)
	lo, hi := 25, 30
	if mean < 25 || mean > 30 {
		lo, hi = int(math.Floor(0.8*mean)), int(math.Ceil(1.2*mean))
	}
	sum := 0
	for i := range loads {
		if i != demo {
			loads[i] = between(r, lo, hi)
			sum += loads[i]
		}
	}
	for tries := 0; sum != rest; tries++ {
		if tries > 100*practitioners {
			lo, hi = 0, math.MaxInt
		}
		i := r.IntN(practitioners)
		switch {
		case i == demo:
		case sum < rest && loads[i] < hi:
			loads[i]++
			sum++
		case sum > rest && loads[i] > lo:
			loads[i]--
			sum--
		}
	}
	return loads
}

// apportion divides n into len(weights) whole parts in proportion to the
// weights (largest remainders), each part at least floor when n allows.
func apportion(n int, weights []float64, floor int) []int {
	parts := make([]int, len(weights))
	if floor*len(weights) > n {
		floor = n / max(1, len(weights))
	}
	rest := n - floor*len(weights)
	total := 0.0
	for _, w := range weights {
		total += w
	}
	given := 0
	rems := make([]float64, len(weights))
	for i, w := range weights {
		share := float64(rest) * w / total
		parts[i] = floor + int(share)
		given += int(share)
		rems[i] = share - math.Floor(share)
	}
	for given < rest {
		best := 0
		for i := range rems {
			if rems[i] > rems[best] {
				best = i
			}
		}
		parts[best]++
		rems[best] = -1
		given++
	}
	return parts
}

func evenWeights(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// staffNames makes unique invented staff names and usernames.
type staffNames struct {
	used map[string]bool
}

func (n *staffNames) make(g *gen, username string) *staff {
	first := pick(g.r, women)
	if chance(g.r, 0.3) {
		first = pick(g.r, men)
	}
	last := g.surnames.pick(g.r)
	s := &staff{name: first + " " + last, username: username}
	if s.username == "" {
		base := strings.Join(kith.NameTokens(first), "-") + "." + strings.Join(kith.NameTokens(last), "-")
		s.username = base
		for i := 2; n.used[s.username]; i++ {
			s.username = base + strconv.Itoa(i)
		}
	}
	n.used[s.username] = true
	return s
}
