package demo

import (
	"cmp"
	"slices"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// families are the product families of the demo company, an industrial
// automation supplier; industry.families index into them.
var families = []string{"Sensors", "Controllers", "Drives & Motors", "Safety", "Software", "Services", "Cabling & Accessories"}

// catalogItem is a product of the price list. launched and retired count
// months before the demo's today; zero means "before the order history" and
// "still sold".
type catalogItem struct {
	sku, name string
	family    int
	price     string // list price, exact to four decimals
	launched  int
	retired   int
}

var catalog = []catalogItem{
	{"SEN-PX12", "Inductive proximity sensor PX-12", 0, "38.5000", 0, 0},
	{"SEN-PE30", "Photoelectric sensor PE-30", 0, "64.9000", 0, 0},
	{"SEN-PT400", "Pressure transmitter PT-400", 0, "289.0000", 0, 0},
	{"SEN-TP100", "Temperature probe TP-100", 0, "74.2500", 0, 0},
	{"SEN-FM25", "Electromagnetic flow meter FM-25", 0, "1185.0000", 0, 0},
	{"SEN-LS8", "Radar level sensor LS-8", 0, "842.5000", 0, 0},
	{"SEN-VS2", "Vision sensor VS-2", 0, "1960.0000", 0, 0},
	{"CTL-C200", "Compact PLC C200", 1, "685.0000", 0, 0},
	{"CTL-C800", "Modular PLC C800", 1, "2940.0000", 0, 0},
	{"CTL-DI16", "I/O module 16 DI", 1, "148.7500", 0, 0},
	{"CTL-AO8", "I/O module 8 AO", 1, "312.4000", 0, 0},
	{"CTL-HMI7", "HMI panel 7\"", 1, "890.0000", 0, 14},
	{"CTL-HMI10", "HMI panel 10\"", 1, "1240.0000", 16, 0},
	{"CTL-HMI15", "HMI panel 15\"", 1, "1875.0000", 0, 0},
	{"CTL-EG1", "Edge gateway EG-1", 1, "1450.0000", 0, 0},
	{"DRV-SM400", "Servo motor 400 W", 2, "815.0000", 0, 0},
	{"DRV-SD2", "Servo drive SD-2", 2, "1320.0000", 0, 0},
	{"DRV-FI75", "Frequency inverter 7.5 kW", 2, "1095.0000", 0, 0},
	{"DRV-GM90", "Gear motor GM-90", 2, "1560.0000", 0, 0},
	{"DRV-ST3", "Stepper motor kit ST-3", 2, "226.8000", 0, 0},
	{"SAF-LC60", "Safety light curtain 600 mm", 3, "1380.0000", 0, 0},
	{"SAF-SR4", "Safety relay SR-4", 3, "186.5000", 0, 0},
	{"SAF-ES1", "Emergency stop unit", 3, "92.3000", 0, 0},
	{"SAF-LS5", "Safety laser scanner LS-5", 3, "3150.0000", 0, 0},
	{"SAF-DI2", "Door interlock switch DI-2", 3, "118.4000", 0, 0},
	{"SW-SCADA", "SCADA licence, per site (annual)", 4, "14800.0000", 0, 0},
	{"SW-ANA", "Analytics subscription (annual)", 4, "9600.0000", 0, 0},
	{"SW-ENG", "Engineering suite, per seat (annual)", 4, "2450.0000", 0, 0},
	{"SW-RA", "Remote access licence (annual)", 4, "780.0000", 0, 0},
	{"SW-PDM", "Predictive maintenance subscription (annual)", 4, "12500.0000", 5, 0},
	{"SVC-COM", "Commissioning, per engineer day", 5, "1180.0000", 0, 0},
	{"SVC-PM", "Preventive maintenance visit", 5, "960.0000", 0, 0},
	{"SVC-TRN", "Training course, per participant", 5, "690.0000", 0, 0},
	{"SVC-247", "24/7 support contract (annual)", 5, "18500.0000", 0, 0},
	{"SVC-CAL", "Calibration service, per instrument", 5, "145.0000", 0, 0},
	{"ACC-CB5", "Sensor cable M12, 5 m", 6, "12.3750", 0, 0},
	{"ACC-CN100", "Connector pack (100 pcs)", 6, "48.6000", 0, 0},
	{"ACC-BR", "Mounting bracket set", 6, "23.9500", 0, 0},
	{"ACC-PS24", "Power supply 24 V, 10 A", 6, "168.0000", 0, 0},
	{"ACC-EG2", "Edge gateway EG-2 (successor of EG-1)", 6, "1690.0000", 3, 0},
}

// product is a loaded catalog item with the days it could be ordered.
type product struct {
	*kam.Product
	family        int
	first, last   kam.Date // orderable from first to last (zero: no limit)
	launchedAfter bool     // launched during the order history: a "new product"
}

// orderable reports whether the product was on the price list on d.
func (p *product) orderable(d kam.Date) bool {
	return (p.first.IsZero() || !d.Before(p.first)) && (p.last.IsZero() || !p.last.Before(d))
}

// loadCatalog writes the products. Their creation day is their launch, or a
// day before the order history for the long-standing ones.
func loadCatalog(l *store.Loader, w *world) ([]*product, error) {
	var out []*product
	for _, c := range catalog {
		p := &product{Product: &kam.Product{SKU: c.sku, Name: c.name, Family: families[c.family],
			ListPrice: kam.MustMoney(c.price), Currency: currency, Active: c.retired == 0,
			CreatedAt: w.historyStart.AddDays(-730).Time()}, family: c.family}
		if c.launched > 0 {
			p.first = monthsBefore(w.today, c.launched)
			p.CreatedAt, p.launchedAfter = p.first.Time(), true
		}
		if c.retired > 0 {
			p.last = monthsBefore(w.today, c.retired)
		}
		if err := l.Product(p.Product); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// inFamilies returns the products of the families, cheapest first.
func inFamilies(products []*product, fams []int) []*product {
	var out []*product
	for _, p := range products {
		if slices.Contains(fams, p.family) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b *product) int { return cmp.Compare(a.ListPrice, b.ListPrice) })
	return out
}

// monthsBefore returns the day n months before d.
func monthsBefore(d kam.Date, n int) kam.Date {
	return kam.DateOf(d.Time().AddDate(0, -n, 0))
}
