// Package retaildata reads the UCI Online Retail file from ../shared/data
// for tests and benchmarks: kam itself never reads it. Readers skip the
// calling test cleanly when the file is absent.
package retaildata

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

// Line is one invoice line of a known customer.
type Line struct {
	Customer  string // "17850", without the ".0" the Spark copy writes
	Invoice   string // "536365"; "C..." for cancellations
	StockCode string
	Date      kam.Date
	Quantity  int64 // negative on cancellations
	UnitPrice kam.Money
	Country   string
}

// Amount is the line's net value.
func (l Line) Amount() kam.Money { return l.UnitPrice.Times(l.Quantity) }

// Path finds the file from a package folder two levels below the
// repository's parent (../../shared/...), or from KAM_SHARED if set.
func Path() string {
	if dir := os.Getenv("KAM_SHARED"); dir != "" {
		return filepath.Join(dir, "data", "online-retail", "online_retail.csv.gz")
	}
	for _, up := range []string{"..", "../..", "../../.."} {
		p := filepath.Join(up, "..", "shared", "data", "online-retail", "online_retail.csv.gz")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// Lines reads every line with a customer id, in file order, skipping tb
// when the file is not there.
func Lines(tb testing.TB) []Line {
	tb.Helper()
	path := Path()
	if path == "" {
		tb.Skip("real data set not available: ../shared/data/online-retail")
	}
	lines, err := read(path)
	if err != nil {
		tb.Fatal(err)
	}
	return lines
}

func read(path string) ([]Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(gz)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return nil, err
	}
	var out []Line
	for n := 2; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		customer := strings.TrimSuffix(rec[6], ".0")
		if customer == "" {
			continue
		}
		when, err := time.Parse(time.DateTime, rec[4])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		qty, err := strconv.ParseInt(rec[3], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		price, err := kam.ParseMoney(rec[5])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, Line{Customer: customer, Invoice: rec[0], StockCode: rec[1], Date: kam.DateOf(when),
			Quantity: qty, UnitPrice: price, Country: rec[7]})
	}
}
