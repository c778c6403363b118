package calendar

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{"00:30 in Sweden, winter, is 23:30 UTC the day before", time.Date(2026, 1, 14, 23, 30, 0, 0, time.UTC), "2026-01-15"},
		{"00:30 in Sweden, summer, is 22:30 UTC the day before", time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "2026-07-01"},
		{"22:59 UTC in summer is still that day in Sweden", time.Date(2026, 6, 30, 21, 59, 0, 0, time.UTC), "2026-06-30"},
		{"New Year in Sweden", time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "2027-01-01"},
		{"the zone of t does not matter", time.Date(2026, 3, 10, 8, 0, 0, 0, time.FixedZone("UTC+14", 14*3600)), "2026-03-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Date(tt.t); got != tt.want {
				t.Errorf("Date(%v) = %s, want %s", tt.t, got, tt.want)
			}
		})
	}
	if Zone().String() != "Europe/Stockholm" {
		t.Errorf("Zone() = %s, want Europe/Stockholm", Zone())
	}
}
