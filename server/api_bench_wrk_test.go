package server_test

import (
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// wrkClients runs wrk (Debian's package, if installed) as a second process
// with 8 connections, 8 clients each with one request in flight, on one
// event-loop thread, for a few seconds against url, and reports its
// requests per second and latency percentiles. A client in its own
// process, written in C, takes far less of the 2 cores than the
// benchmark's own Go clients, so the two together bound what the server
// itself can serve. Skipped when wrk is not on the PATH.
func wrkClients(b *testing.B, name, url, token string) {
	b.Run(name, func(b *testing.B) {
		wrk, err := exec.LookPath("wrk")
		if err != nil {
			b.Skip("wrk is not installed (apt-get install wrk)")
		}
		for range b.N {
			out, err := exec.Command(wrk, "-t1", "-c8", "-d3s", "--latency",
				"-H", "Authorization: Bearer "+token, url).CombinedOutput()
			if err != nil {
				b.Fatalf("wrk: %v\n%s", err, out)
			}
			rate, p50, p99, err := parseWrk(string(out))
			if err != nil {
				b.Fatalf("%v\n%s", err, out)
			}
			if m := regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`).FindStringSubmatch(string(out)); m != nil {
				b.Fatalf("wrk saw %s failed responses\n%s", m[1], out)
			}
			b.ReportMetric(rate, "req/s")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		}
	})
}

var (
	wrkRate    = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkPercent = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
)

// parseWrk reads the requests per second and the 50th and 99th percentile
// latencies from wrk's --latency report.
func parseWrk(out string) (rate float64, p50, p99 time.Duration, err error) {
	m := wrkRate.FindStringSubmatch(out)
	if m == nil {
		return 0, 0, 0, errWrk
	}
	rate, _ = strconv.ParseFloat(m[1], 64)
	for _, pm := range wrkPercent.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(pm[2], 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[pm[3]]
		d := time.Duration(v * float64(unit))
		if pm[1] == "50" {
			p50 = d
		} else {
			p99 = d
		}
	}
	if p50 == 0 || p99 == 0 {
		return 0, 0, 0, errWrk
	}
	return rate, p50, p99, nil
}

type wrkError struct{}

func (wrkError) Error() string { return "wrk's report has no rate or percentiles" }

var errWrk error = wrkError{}
