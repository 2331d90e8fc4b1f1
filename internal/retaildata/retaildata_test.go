package retaildata

import "testing"

func TestLinesReadsEveryCustomerLine(t *testing.T) {
	lines := Lines(t)
	// 541,909 lines, 135,080 of them without a customer (the data README).
	if want := 541909 - 135080; len(lines) != want {
		t.Fatalf("read %d lines with a customer, want %d", len(lines), want)
	}
	if l := lines[0]; l.Customer != "17850" || l.Invoice != "536365" || l.Date.String() != "2010-12-01" {
		t.Fatalf("first line = %+v", l)
	}
}
