package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"kith"
)

// CouncilName is the invented council the demo data belongs to.
const CouncilName = "Kithshire"

// towns are the invented localities of Kithshire. Each has a postcode
// district in the QX area: no UK postcode area starts with Q, so a
// generated postcode is valid in form but can never be someone's home.
var towns = []string{
	"Kithbury", "Larkmoor", "Fernsby Vale", "Brackenhythe", "Sedgecombe Magna", "Willowmere", "Upper Wrenfold",
	"Thistlewick", "Yarrowby", "Kestrelford", "Nettlecombe Marsh", "Otterbeck", "Sorrel Bridge", "Briarholme",
	"Lower Heronsby", "Curlew Sands",
}

var streetWords = strings.Fields(`Alder Aspen Birch Bracken Briar Bramble Clover Elder Fern Hazel Heather Holly
Lark Linden Moss Oak Reed Rowan Sorrel Thistle Thorn Wren Willow Yarrow Blackthorn Bluebell Cowslip Foxglove
Gorse Hawthorn Heron Juniper Kestrel Marigold Meadow Nettle Otter Pebble Primrose Robin Sedge Sparrow Tansy
Teasel Finch Starling Plover Curlew Badger Brook Heath Tarn Beck Sloe Dunnock Linnet Wagtail Lapwing Catkin
Acorn Campion Celandine Mallow Orchid Pipit Sallow Spindle`)

var streetTypes = strings.Fields(`Road Street Close Lane Way Avenue Gardens Crescent Drive Grove Terrace Walk Rise Mews Place`)

var buildingTypes = strings.Fields(`Court House Lodge Mansions Heights`)

// address makes an invented address in town number t.
func address(r *rand.Rand, t int) kith.Address {
	street := pick(r, streetWords) + " " + pick(r, streetTypes)
	a := kith.Address{Town: towns[t%len(towns)], Postcode: postcode(r, t)}
	if chance(r, 0.2) {
		a.Line1 = fmt.Sprintf("Flat %d, %s %s", between(r, 1, 40), pick(r, streetWords), pick(r, buildingTypes))
		a.Line2 = street
	} else {
		a.Line1 = fmt.Sprintf("%d %s", between(r, 1, 180), street)
	}
	return a
}

// postcodeLetters are the letters used in the last two places of a UK
// postcode (C, I, K, M, O and V are not).
const postcodeLetters = "ABDEFGHJLNPQRSTUWXYZ"

func postcode(r *rand.Rand, t int) string {
	return fmt.Sprintf("QX%d %d%c%c", t%len(towns)+1, between(r, 1, 9), postcodeLetters[r.IntN(len(postcodeLetters))], postcodeLetters[r.IntN(len(postcodeLetters))])
}

// mobile and landline return numbers from the ranges Ofcom keeps for
// drama (07700 900000–900999, 01632 960000–960999): they will never ring
// anyone.
func mobile(r *rand.Rand) string   { return fmt.Sprintf("07700 900%03d", r.IntN(1000)) }
func landline(r *rand.Rand) string { return fmt.Sprintf("01632 960%03d", r.IntN(1000)) }

// nhsNumber returns a number with a valid check digit in the 999 range,
// which the NHS keeps for test data and never issues to a patient.
func nhsNumber(r *rand.Rand) string {
	for {
		d := []byte("999")
		for len(d) < 9 {
			d = append(d, byte('0'+r.IntN(10)))
		}
		sum := 0
		for i, c := range d {
			sum += int(c-'0') * (10 - i)
		}
		check := 11 - sum%11
		if check == 11 {
			check = 0
		}
		if check == 10 {
			continue
		}
		return string(append(d, byte('0'+check)))
	}
}
