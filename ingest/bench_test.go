package ingest

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// The import benchmarks read the 541,909 lines of Online Retail and compare
// kam's import with a bare load of the same records in the same run: the
// lines parsed once into memory beforehand and written with kam's bulk
// Loader (prepared statements, multi-row inserts, 500 orders a transaction),
// with no mapping, validation, lookups, upserts or rejects. Both report
// lines/s; the target is an import at least half as fast as the bare load.
//
//	go test ./ingest -run '^$' -bench Import -benchtime 1x

func BenchmarkImportOnlineRetail(b *testing.B) {
	path := sharedData(b, "online-retail/online_retail.csv.gz")
	profile, _ := ProfileByName("online-retail")
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := storetest.Open(b, engine)
				b.StartTimer()
				start := time.Now()
				sum, err := Run(context.Background(), s, kam.System(), []Input{fileInput(b, path)}, Options{Profile: profile})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(541909/time.Since(start).Seconds(), "lines/s")
				if sum.Kinds[KindOrders].New == 0 {
					b.Fatal("nothing imported")
				}
			}
		})
	}
}

// retailOrder is one order of the file as the bare load writes it.
type retailOrder struct {
	number, customer, country string
	date                      kam.Date
	lines                     []retailLine
}

type retailLine struct {
	sku, description string
	qty              int64
	price            kam.Money
}

// readRetailOrders parses the file into orders, with a plain CSV reader.
func readRetailOrders(b *testing.B, path string) ([]*retailOrder, int) {
	r, done := openRetail(b, path)
	defer done()
	r.ReuseRecord = true
	byNumber := map[string]*retailOrder{}
	var out []*retailOrder
	lines := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			b.Fatal(err)
		}
		if rec[6] == "" {
			continue
		}
		o := byNumber[rec[0]]
		if o == nil {
			t, _ := time.Parse(time.DateTime, rec[4])
			o = &retailOrder{number: rec[0], customer: strings.TrimSuffix(rec[6], ".0"), country: rec[7], date: kam.DateOf(t)}
			byNumber[rec[0]] = o
			out = append(out, o)
		}
		price, _ := kam.ParseMoney(rec[5])
		qty := atoiB(rec[3])
		o.lines = append(o.lines, retailLine{sku: rec[1], description: rec[2], qty: qty, price: price})
		lines++
	}
	return out, lines
}

func atoiB(s string) int64 {
	var n int64
	neg := strings.HasPrefix(s, "-")
	for _, c := range strings.TrimPrefix(s, "-") {
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

func BenchmarkBareLoadOnlineRetail(b *testing.B) {
	path := sharedData(b, "online-retail/online_retail.csv.gz")
	orders, lines := readRetailOrders(b, path)
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := storetest.Open(b, engine)
				b.StartTimer()
				start := time.Now()
				bareLoad(b, s, orders)
				b.ReportMetric(float64(lines)/time.Since(start).Seconds(), "lines/s")
			}
		})
	}
}

func bareLoad(b *testing.B, s *store.Store, orders []*retailOrder) {
	ctx := context.Background()
	accounts, products := map[string]int64{}, map[string]int64{}
	for start := 0; start < len(orders); start += 500 {
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for _, o := range orders[start:min(start+500, len(orders))] {
				if accounts[o.customer] == 0 {
					a := &kam.Account{Name: "Customer " + o.customer, Country: o.country, Currency: "GBP",
						ExternalIDs: []kam.ExternalID{{Source: "online-retail", ID: o.customer}}}
					if err := l.Account(a); err != nil {
						return err
					}
					accounts[o.customer] = a.ID
				}
				kind := kam.OrderSale
				if strings.HasPrefix(o.number, "C") {
					kind = kam.OrderCreditNote
				}
				ord := &kam.Order{AccountID: accounts[o.customer], Source: "online-retail", ExternalID: o.number, Kind: kind,
					OrderDate: o.date, Currency: "GBP"}
				for _, ln := range o.lines {
					if products[ln.sku] == 0 {
						p := &kam.Product{SKU: ln.sku, Name: ln.description, ListPrice: ln.price, Currency: "GBP", Active: true}
						if err := l.Product(p); err != nil {
							return err
						}
						products[ln.sku] = p.ID
					}
					ord.Lines = append(ord.Lines, &kam.OrderLine{ProductID: products[ln.sku], Description: ln.description,
						Quantity: ln.qty, UnitPrice: ln.price})
				}
				if err := l.Order(ord); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// peakHeap samples the heap while fn runs and returns the largest in-use size.
func peakHeap(fn func()) uint64 {
	done := make(chan struct{})
	var peak uint64
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	fn()
	close(done)
	return peak
}

// BenchmarkImportMemory imports a large orders file (KAM_BENCH_IMPORT_LINES
// lines, default 2,000,000; 10,000,000 for the target) made of the Online
// Retail lines repeated with shifted invoice and customer numbers, and reports
// the peak heap in use and the process's peak resident memory. The target:
// under 300 MB for 10 million lines.
func BenchmarkImportMemory(b *testing.B) {
	src := sharedData(b, "online-retail/online_retail.csv.gz")
	want := 2_000_000
	if n := os.Getenv("KAM_BENCH_IMPORT_LINES"); n != "" {
		want = int(atoiB(n))
	}
	path := b.TempDir() + "/big.csv.gz"
	lines := writeBigRetail(b, src, path, want)
	profile, _ := ProfileByName("online-retail")
	for b.Loop() {
		b.StopTimer()
		s := storetest.Open(b, "sqlite")
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		var err error
		peak := peakHeap(func() {
			_, err = Run(context.Background(), s, kam.System(), []Input{fileInput(b, path)}, Options{Profile: profile})
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(lines)/time.Since(start).Seconds(), "lines/s")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(maxRSS())/(1<<10), "max-rss-MB")
	}
}

// writeBigRetail writes at least n lines: copies of the source whose invoice
// and customer numbers are shifted per copy, so that each copy adds orders and
// customers.
func writeBigRetail(b *testing.B, src, dst string, n int) int {
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	zw := gzip.NewWriter(out)
	w := csv.NewWriter(zw)
	w.Write(retailHeader)
	written := 0
	// The source is read again for each copy, so that the generator holds
	// one record at a time and the memory measured is the import's.
	for copyNo := 0; written < n; copyNo++ {
		r, done := openRetail(b, src)
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			prefix := ""
			if strings.HasPrefix(rec[0], "C") {
				prefix, rec[0] = "C", rec[0][1:]
			}
			rec[0] = prefix + itoaB(atoiB(rec[0])+int64(copyNo)*1_000_000)
			if rec[6] != "" {
				rec[6] = itoaB(atoiB(strings.TrimSuffix(rec[6], ".0")) + int64(copyNo)*100_000)
			}
			w.Write(rec)
			written++
		}
		done()
	}
	w.Flush()
	zw.Close()
	out.Close()
	return written
}

func itoaB(n int64) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
