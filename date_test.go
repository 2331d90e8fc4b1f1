package kam

import "testing"

func TestDateScansISOText(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11-23": "2026-11-23", "2024-02-29": "2024-02-29", "2026-01-05T10:00:00Z": "2026-01-05", "2026-12-31 23:59:59": "2026-12-31",
	} {
		var d Date
		if err := d.Scan(in); err != nil || d.String() != want {
			t.Errorf("Scan(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"2026-02-30", "2026-13-01", "2026-00-10", "26-11-23", "2026/11/23", "2026-1a-01", "2025-02-29"} {
		var d Date
		if err := d.Scan(bad); err == nil {
			t.Errorf("Scan(%q) = %s, want an error", bad, d)
		}
	}
}
