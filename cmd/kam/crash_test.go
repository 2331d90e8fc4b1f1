package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam/store"
)

// TestMain lets a test run kam as a process of its own (see runKamProcess),
// so that it can be killed like a real one.
func TestMain(m *testing.M) {
	if os.Getenv("KAM_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runKamProcess starts kam with args in a process of its own.
func runKamProcess(t *testing.T, db string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "KAM_TEST_RUN_MAIN=1", "KAM_DB="+db)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// writeOrders writes n orders of three lines each for customers C0..C99.
func writeOrders(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "order,customer,date,sku,qty,price")
	for i := range n {
		for line := range 3 {
			fmt.Fprintf(w, "SO-%d,C%d,2026-%02d-%02d,,%d,%d.%02d\n", i, i%100, 1+i%12, 1+i%28, 1+line, 10+i%90, line*25)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestImportKilledMidwayIsConsistentAndARerunCompletesIt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a kam process")
	}
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "kam.db")
	env := map[string]string{"KAM_DB": db}
	var accounts strings.Builder
	accounts.WriteString("id,name\n")
	for i := range 100 {
		fmt.Fprintf(&accounts, "C%d,Customer %d\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "accounts.csv"), []byte(accounts.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runKam(t, env, "", "import", "accounts", filepath.Join(dir, "accounts.csv"), "--source", "erp"); err != nil {
		t.Fatal(err)
	}
	const orders = 60_000
	file := filepath.Join(dir, "orders.csv")
	writeOrders(t, file, orders)

	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	count := func(q string) int {
		var n int
		if err := st.DB().QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Kill the import as soon as its first batches are in.
	cmd := runKamProcess(t, db, "import", "orders", file, "--source", "erp")
	deadline := time.Now().Add(60 * time.Second)
	for count("SELECT COUNT(*) FROM orders") < 1000 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the import wrote no orders within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	written := count("SELECT COUNT(*) FROM orders")
	if written >= orders {
		t.Fatalf("the import finished (%d orders) before it was killed; make the file larger", written)
	}
	// Whole orders only: every order has its three lines and the right total.
	if n := count(`SELECT COUNT(*) FROM orders o WHERE 3 <> (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id)
		OR o.total <> (SELECT SUM(l.amount) FROM order_lines l WHERE l.order_id = o.id)`); n != 0 {
		t.Fatalf("%d of %d orders are half-written after the kill", n, written)
	}
	if n := count("SELECT COUNT(*) FROM import_runs WHERE status = 'running'"); n != 1 {
		t.Errorf("%d runs marked running; the killed one should show as not finished", n)
	}

	out, _, err := runKam(t, env, "", "import", "orders", file, "--source", "erp")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("orders: %d new, 0 changed, %d unchanged, 0 rows rejected", orders-written, written)
	if !strings.Contains(out, want) {
		t.Errorf("re-run after the kill:\n%s\nwant %q", out, want)
	}
	if n := count("SELECT COUNT(*) FROM order_lines"); n != 3*orders {
		t.Errorf("%d order lines after the re-run, want %d", n, 3*orders)
	}
}
