package demo

import (
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// Company names are invented from parts: a compound stem ("Bright" + "water"),
// sometimes a descriptor, and a noun of the company's industry, e.g.
// "Brightwater Precision Foods". The parts are common English words, so the
// names sound real without being any real company's.
var (
	stemHeads = []string{"Bright", "Silver", "North", "Oak", "Stone", "Green", "Red", "Clear", "High", "West",
		"East", "Iron", "Gold", "Blue", "Swift", "Fair", "Kings", "Mill", "Ash", "Elm", "Pine", "Lake", "River",
		"Sun", "Star", "Copper", "Amber", "Cedar", "Falcon", "Harbor", "Maple", "Ridge", "Storm", "Summit",
		"Thorn", "Wolf", "Birch", "Crown", "Eagle", "Frost", "Hazel", "Lark", "Moor", "Rose", "Sand", "Well"}
	stemTails = []string{"water", "field", "brook", "ridge", "wood", "stone", "gate", "haven", "line", "point",
		"crest", "ford", "dale", "port", "view", "mark", "well", "bridge", "wick", "ton", "moor", "vale", "hill",
		"bury", "holm", "ley", "stead", "worth", "combe", "shaw"}
	descriptors = []string{"Precision", "United", "Advanced", "Continental", "Atlantic", "Alpine", "Pacific",
		"Nordic", "Central", "Modern", "Applied", "Integrated", "Premier", "Global", "Allied", "Coastal",
		"Highland", "Metro", "Standard", "Royal", "Pioneer", "Summit", "Apex", "Prime", "Vanguard"}
)

// industry is a customer industry with the nouns its company names use and
// the product families it tends to buy (indexes into families).
type industry struct {
	name     string
	nouns    []string
	families []int
}

var industries = []industry{
	{"Food & Beverage", []string{"Foods", "Dairy", "Beverages", "Bakeries", "Brewing", "Nutrition"}, []int{0, 1, 3, 5}},
	{"Chemicals", []string{"Chemicals", "Coatings", "Polymers", "Resins", "Specialty Chemicals"}, []int{0, 1, 3, 5}},
	{"Automotive", []string{"Automotive", "Mobility", "Motor Works", "Auto Components", "Vehicle Systems"}, []int{0, 1, 2, 3, 4}},
	{"Machinery", []string{"Machinery", "Machine Works", "Engineering", "Fabrication", "Machining", "Tooling"}, []int{0, 1, 2, 3, 6}},
	{"Logistics", []string{"Logistics", "Freight", "Distribution", "Warehousing", "Transport"}, []int{0, 1, 2, 4, 5}},
	{"Energy & Utilities", []string{"Energy", "Power", "Utilities", "Renewables", "Grid Services"}, []int{0, 1, 4, 5}},
	{"Pharmaceuticals", []string{"Pharma", "Life Sciences", "Laboratories", "Biologics", "Health"}, []int{0, 1, 3, 4, 5}},
	{"Packaging", []string{"Packaging", "Paper", "Containers", "Labels", "Cartons"}, []int{0, 1, 2, 3, 6}},
	{"Metals & Mining", []string{"Metals", "Steel", "Mining", "Alloys", "Foundry"}, []int{1, 2, 3, 5}},
	{"Water & Environment", []string{"Water", "Environmental", "Water Technologies", "Recycling"}, []int{0, 1, 2, 5}},
	{"Electronics", []string{"Electronics", "Devices", "Circuits", "Semiconductors"}, []int{0, 1, 4, 6}},
	{"Building Technology", []string{"Building Systems", "Construction", "Facilities", "HVAC"}, []int{0, 1, 2, 3, 5}},
}

// firstNames and lastNames of contacts, by culture.
var (
	firstNames = map[string][]string{
		"de": {"Anna", "Lukas", "Sophie", "Felix", "Katrin", "Stefan", "Julia", "Tobias", "Monika", "Andreas", "Sabine", "Matthias", "Claudia", "Jürgen"},
		"fr": {"Camille", "Julien", "Élodie", "Nicolas", "Claire", "Thomas", "Amélie", "Antoine", "Isabelle", "Mathieu", "Céline", "François"},
		"en": {"Emma", "Oliver", "Charlotte", "Harry", "Amelia", "George", "Sarah", "Daniel", "Rachel", "David", "Laura", "Matthew", "Jessica", "Andrew"},
		"nl": {"Sanne", "Daan", "Lotte", "Bram", "Femke", "Thijs", "Eva", "Ruben", "Anouk", "Joost", "Marieke", "Pieter"},
		"es": {"Lucía", "Javier", "María", "Alejandro", "Carmen", "Pablo", "Elena", "Diego", "Laura", "Sergio", "Marta", "Carlos"},
		"it": {"Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo", "Valentina", "Davide", "Elena", "Paolo"},
		"pl": {"Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Krzysztof", "Agnieszka", "Paweł", "Joanna", "Marcin"},
		"pt": {"Ana", "João", "Mariana", "Pedro", "Beatriz", "Lucas", "Camila", "Rafael", "Juliana", "Gustavo"},
		"ja": {"Yuki", "Haruto", "Aiko", "Takeshi", "Sakura", "Hiroshi", "Emi", "Kenta", "Naoko", "Daisuke"},
		"sg": {"Wei Ling", "Jun Hao", "Mei Lin", "Kai Wen", "Siti", "Ahmad", "Priya", "Ravi", "Grace", "Marcus"},
		"in": {"Aarav", "Ananya", "Rohan", "Priya", "Vikram", "Neha", "Arjun", "Kavya", "Rahul", "Deepa"},
	}
	lastNames = map[string][]string{
		"de": {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Koch", "Richter", "Wolf", "Neumann", "Krüger"},
		"fr": {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre"},
		"en": {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes"},
		"nl": {"de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos"},
		"es": {"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"},
		"it": {"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"},
		"pl": {"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak"},
		"pt": {"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes"},
		"ja": {"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"},
		"sg": {"Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Chua", "Rahman", "Nair", "Teo"},
		"in": {"Sharma", "Patel", "Gupta", "Iyer", "Reddy", "Singh", "Kumar", "Nair", "Mehta", "Rao"},
	}
)

// companyNamer invents company names that no other demo account has: the
// normalised name of each is remembered, so that the demo itself never trips
// kam's "1 company, 1 account" duplicate check.
type companyNamer struct {
	used map[string]bool
}

// companyName is an invented company: its display name, the stem its
// subsidiaries and web domain share, and its industry.
type companyName struct {
	name, stem string
	industry   *industry
}

// next returns a new company of a random industry.
func (n *companyNamer) next(r rng) companyName {
	ind := &industries[r.IntN(len(industries))]
	for try := 0; ; try++ {
		stem := pick(r, stemHeads) + pick(r, stemTails)
		if r.chance(0.3) || try > 10 {
			stem += " " + pick(r, descriptors)
		}
		name := stem + " " + pick(r, ind.nouns)
		if try > 40 {
			name += fmt.Sprintf(" %d", try)
		}
		key := kam.NormalizeCompanyName(name)
		if !n.used[key] {
			n.used[key] = true
			return companyName{name: name, stem: stem, industry: ind}
		}
	}
}

// slug turns a name into the lower-case ASCII letters of a web domain.
func slug(s string) string {
	var b strings.Builder
	for _, r := range kam.SearchKey(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// personName returns a first and last name common in the culture.
func personName(r rng, culture string) (first, last string) {
	return pick(r, firstNames[culture]), pick(r, lastNames[culture])
}

// phoneNumber returns a plausible business number in the country.
func phoneNumber(r rng, c *country) string {
	return fmt.Sprintf("%s %d %07d", c.phone, r.between(20, 89), r.IntN(10_000_000))
}

// taxID returns a tax or VAT number in the country's usual shape.
func taxID(r rng, c *country) string {
	digits := make([]byte, c.taxDigits)
	for i := range digits {
		digits[i] = byte('0' + r.IntN(10))
	}
	return c.taxPrefix + string(digits)
}
