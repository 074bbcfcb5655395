package synth

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// First names are ordinary names heard in UK schools and families, from
// many backgrounds, with accents, apostrophes and hyphens as people write
// them. Surnames (below) are invented, so that no generated child could be
// mistaken for a real one. Pairs such as Jon and John, Katherine and
// Catherine are here on purpose: spelling-tolerant search needs them.

// girls are names given to girls born since about 2004.
var girls = strings.Fields(`Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow
Florence Emily Ella Poppy Evie Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper
Matilda Ruby Emilia Maya Millie Isabelle Isabel Isobel Eva Luna Jessica Aria Hallie Layla Erin Esme
Imogen Chloe Chloé Zara Nancy Maryam Aisha Fatima Amira Hafsa Khadija Zainab Maisie Amber Holly Niamh
Aoife Caoimhe Saoirse Ciara Megan Bethany Jade Leah Lea Courtney Jasmine Priya Ananya Diya Simran
Amara Chidinma Adaeze Ngozi Abena Blessing Precious Nia Keisha Tia Zoë Zoe Renée Anaïs Élodie
Zuzanna Wiktoria Oliwia Julia Natalia Maja Ioana Andreea Elena Mariam Hana Yasmin Leila Noor Mei Katie
Katherine Catherine Kathryn Elizabeth Rebecca Hannah Lauren Lucy Amy Aimee Abigail Victoria Alexandra
Scarlett Lola Robyn Skye Eleanor Harriet Lottie Tilly Summer Autumn Paige Ellie-Mae Lily-Rose Mary-Jane
Lacey Kayla Shanice Destiny Inaaya Safa Anaya Sumaiya Mehreen Gurleen Harleen Jaspreet Kiran Esther
Ayla Defne Elif Nour Rania Yara Siân Seren Carys Ffion Eilidh Mhairi Kirsty Orla Róisín Darcy D'Arcy
Georgia Molly Ellie Maddison Demi Rihanna Tegan`)

// boys are names given to boys born since about 2004.
var boys = strings.Fields(`Muhammad Mohammed Mohammad Noah Oliver George Arthur Leo Harry Oscar Archie
Henry Theodore Freddie Frederick Jack Charlie Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman
Tommy Isaac Teddy Alexander Luca Edward James Joshua Albie Elijah Max Mason Reuben Ezra Ethan Adam Hugo
Louie Ibrahim Yusuf Zayn Ali Omar Ayaan Rayan Hamza Bilal Arjun Rohan Aarav Vihaan Dev Kai Ryan Dylan
Kyle Liam Connor Callum Ciaran Cian Oisín Seán Sean Shaun Shawn Niall Eoin Daniel Jon John Jonathan
Steven Stephen Michael David Samuel Benjamin Joseph Zachary Nathaniel Christopher Matthew Robert Tyler
Jayden Kieran Reece Brandon Jordan Nathan Jamal Kwame Kofi Chukwuemeka Tobi Femi Tunde Emeka Jakub
Kacper Szymon Filip Mateusz Andrei Luka Mihai Tomás José Mateo Rafael André Jérôme Zoltán D'Angelo
Jean-Luc Riley Harvey Bobby Ronnie Stanley Frankie Jenson Caleb Elliot Rhys Dafydd Gethin Lewis Euan
Fraser Ruairidh Aryan Krish Gurpreet Harjit Sukhdeep Taha Idris Musa Yahya Ilyas Kayden Deacon
Marcus Malachi Nathaniel Ezekiel Kenzo Hiro Minh Duc Ahmed Abdullah Mustafa Emir Kerem Arda`)

// women are names of mothers, carers and grandmothers, born 1950–2005.
var women = strings.Fields(`Sarah Sara Laura Rachel Gemma Nicola Michelle Kelly Danielle Stacey Samantha
Emma Lucy Amy Natasha Tanya Joanne Claire Karen Lisa Tracey Donna Julie Susan Helen Angela Paula Dawn
Wendy Mandy Jennifer Jenny Hayley Kerry Leanne Louise Victoria Charlotte Rebecca Hannah Jessica Chelsea
Shannon Kayleigh Jade Stephanie Sophie Katie Katherine Catherine Kathryn Kate Elizabeth Margaret Patricia
Linda Barbara Carol Janet Christine Maureen Brenda Sandra Deborah Debbie Jacqueline Jackie Anne Ann
Siobhán Bernadette Aisling Nuala Fatima Shazia Nasreen Rukhsana Samina Farah Parveen Harpreet Manjit
Rajinder Sunita Anjali Priya Neha Yetunde Folake Chiamaka Ngozi Grace Joy Comfort Monique Marcia
Beverley Sharon Yvonne Agnieszka Katarzyna Magdalena Joanna Ewa Monika Irina Olena Ioana Mihaela Zoë
Renée Hélène Ayesha Amina Hodan Fadumo Noura Lina Rania Mei Lan Thu Huong`)

// men are names of fathers, carers and grandfathers, born 1950–2005.
var men = strings.Fields(`Paul Mark Lee Dean Wayne Darren Craig Gary Kevin Jason Scott Ian Neil Stuart
Andrew Christopher Matthew Richard Robert Anthony Peter Carl Michael David Daniel James John Jon Jonathan
Steven Stephen Simon Martin Graham Keith Trevor Colin Brian Derek Kenneth Alan Barry Terry Ryan Liam
Shaun Sean Adam Thomas Ben Luke Jamie Aaron Ashley Dale Kieran Nathan Jordan Tyler Mohammed Muhammad
Imran Tariq Asif Khalid Nadeem Farhan Zubair Rajesh Sanjay Amit Vikram Harjit Kuldip Sukhwinder Kwame
Kofi Chinedu Emeka Olumide Babatunde Delroy Winston Leroy Clive Tomasz Piotr Krzysztof Marek Andrzej
Mihai Florin Ionuț Gheorghe José Luis Miguel Hamid Abdi Mahad Yusuf Hassan Minh Tuan Duc Declan Padraig
Ciarán Séamus Eamon Niall`)

// knownAs maps first names to the names people go by, so that search by a
// known-as name (William known as Billy) can be shown.
var knownAs = map[string][]string{
	"William": {"Billy", "Will", "Liam"}, "Elizabeth": {"Lizzie", "Beth", "Eliza"}, "Alexander": {"Alex", "Sandy"},
	"Robert": {"Bobby", "Rob"}, "Katherine": {"Kate", "Katie"}, "Catherine": {"Cathy", "Cat"}, "Thomas": {"Tom", "Tommy"},
	"Jonathan": {"Jon", "Jonny"}, "James": {"Jamie", "Jim"}, "Edward": {"Eddie", "Ted"}, "Theodore": {"Teddy", "Theo"},
	"Isabella": {"Bella", "Izzy"}, "Matilda": {"Tilly", "Mattie"}, "Florence": {"Flo", "Florrie"}, "Charlotte": {"Lottie", "Charlie"},
	"Frederick": {"Freddie", "Fred"}, "Daniel": {"Danny", "Dan"}, "Michael": {"Mikey", "Mick"}, "Oliver": {"Ollie"},
	"Samuel": {"Sam", "Sammy"}, "Joshua": {"Josh"}, "Christopher": {"Chris", "Kit"}, "Muhammad": {"Mo"}, "Mohammed": {"Mo"},
	"Rebecca": {"Becky", "Becca"}, "Jessica": {"Jess"}, "Abigail": {"Abbie", "Gail"}, "Victoria": {"Tori", "Vicky"},
	"Alexandra": {"Lexi", "Alex"}, "Zachary": {"Zac"}, "Joseph": {"Joe", "Joey"}, "Benjamin": {"Ben", "Benji"},
	"Nathaniel": {"Nate", "Nat"}, "Eleanor": {"Ellie", "Nell"}, "Harriet": {"Hattie"}, "Georgia": {"George"},
	"Isobel": {"Izzy"}, "Isabelle": {"Belle"}, "Jacob": {"Jake"}, "Matthew": {"Matty"}, "Stephen": {"Steve"},
}

// Surnames are built from nature words and English place-name endings:
// plainly invented, yet they read like surnames. A short list of
// memorable ones is common (so a surname search returns dozens of people),
// and a long tail of combinations is rare, as real surnames are. A few
// come in near spellings (Larkmoor, Larkmore), as Smith and Smyth do.
var commonSurnames = strings.Fields(`Ashgrove Brackenridge Thistledown Wrenfield Fernsby Larkmoor Hollowmere
Bramblecott Sorrelby Heronshaw Kestrelmere Alderwick Thornbarrow Mossdale Nettlefold Briarwood
Cloverdale Elderbrook Hazelhurst Willowby Rowanstone Sedgemoor Tansyfield Yarrowdale Finchcombe Starlingford
Ploverdale Curlewick Otterbeck Badgerley Harecombe Fernleigh Furnsby Brakenridge Thistledowne Renfield
Wrenfeld Larkmore Ashgrave Sorelby Marigold-Hythe Primroseby Bluebellow Foxglover Gorsedale Hawthorndene Juniperby
Quailstone Robinsmere Rushcombe Teaselby Vetchley Yewbarrow Birchenhough Lindenwold-Ash Meadowquill Pebblebrook
Heathermoor Cowslipton Aspenhall Sloeberry Bilberry Cloudberry Lichfold Brackwell-Fern O'Rowan O'Linden
McBracken MacBracken Mossby-Wren Reedmace Bullrush Kingcup Wrenshaw Larkspur Skylarkby Nightjarrow
Swallowdale Martinsmere Dunnockby Siskinfield Linnetby Greenfinch Goldcrest Stonechat Whinchatley
Fieldfarewell Redwingate Waxwingham`)

// The roots leave out short words (Ash, Birch, Brook, Heath…) that make
// real surnames with these endings (Ashby, Birchall, Brookfield).
var surnameRoots = strings.Fields(`Alder Aspen Bracken Briar Bramble Clover Fern Heather Lark Linden Rowan
Sorrel Thistle Thorn Wren Willow Yarrow Blackthorn Bluebell Cowslip Foxglove Gorse Hawthorn Heron
Juniper Kestrel Marigold Meadow Nettle Otter Pebble Primrose Quail Robin Sedge Sparrow Tansy Teasel
Vetch Finch Starling Plover Curlew Badger Tarn Sloe Bilberry Dunnock Siskin Linnet Wagtail Lapwing
Whimbrel Sandpiper Catkin Acorn Bryony Campion Celandine Comfrey Dogrose Furze Kingfisher Mallow
Orchid Pipit Ragwort Sallow Spindle Tormentil Woodruff Yellowhammer`)

var surnameEndings = strings.Fields(`grove ridge down field sby moor well cott by mere shaw wick dale brook
combe hurst stone holme gate thwaite dene fold barrow hythe hall croft lock ing ham more wood`)

// surnamePicker draws surnames with a realistic skew.
type surnamePicker struct {
	names []string
	cum   []float64 // cumulative weights
}

// newSurnames makes the surname list: the memorable ones first, weighted by
// a Zipf-like law, then a long tail of combinations of roots and endings.
func newSurnames() *surnamePicker {
	p := &surnamePicker{}
	seen := map[string]bool{}
	total := 0.0
	add := func(name string, w float64) {
		if seen[name] {
			return
		}
		seen[name] = true
		total += w
		p.names = append(p.names, name)
		p.cum = append(p.cum, total)
	}
	for i, n := range commonSurnames {
		add(n, 1/math.Pow(float64(i+6), 1.1))
	}
	common := total
	// The tail together is about as common as the memorable names.
	var tail []string
	for _, r := range surnameRoots {
		for _, e := range surnameEndings {
			tail = append(tail, joinSurname(r, e))
		}
	}
	sort.Strings(tail)
	for _, n := range tail {
		add(n, common/float64(len(tail)))
	}
	return p
}

// joinSurname joins a root and an ending so that the result reads as one
// word: no tripled or awkward doubled letters.
func joinSurname(root, ending string) string {
	last := root[len(root)-1]
	if last == ending[0] {
		return root + ending[1:]
	}
	return root + ending
}

func (p *surnamePicker) pick(r *rand.Rand) string {
	x := r.Float64() * p.cum[len(p.cum)-1]
	i := sort.SearchFloat64s(p.cum, x)
	return p.names[min(i, len(p.names)-1)]
}

// top returns the n most common surnames.
func (p *surnamePicker) top(n int) []string {
	return append([]string(nil), p.names[:min(n, len(p.names))]...)
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a whole number from lo to hi inclusive.
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// weighted returns an index drawn with the given weights.
func weighted(r *rand.Rand, weights ...float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
