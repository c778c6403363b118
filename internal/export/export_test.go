package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func sample() Table {
	return Table{Name: "Berättelser", Header: []string{"grupp", "text", "andel"}, Rows: [][]any{
		{"Unga kvinnor", "=cmd|' /C calc'!A0", 12.5},
		{"Unga män", "+1+1", nil},
		{"Alla", "Vänner är viktigast; \"alltid\"", 3.25},
		{"Alla", "@SUM(A1)", int64(7)},
	}}
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, CSV, sample()); err != nil {
		t.Fatal(err)
	}
	want := "grupp,text,andel\nUnga kvinnor,'=cmd|' /C calc'!A0,12.50\nUnga män,'+1+1,\nAlla,\"Vänner är viktigast; \"\"alltid\"\"\",3.25\nAlla,'@SUM(A1),7\n"
	if b.String() != want {
		t.Errorf("CSV =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCSVExcel(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, CSVExcel, sample()); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.HasPrefix(s, "\ufeffgrupp;text;andel\r\n") {
		t.Errorf("want a UTF-8 byte order mark, ; separators and CRLF; got %q", s[:40])
	}
	if !strings.Contains(s, "Unga kvinnor;'=cmd|' /C calc'!A0;12,50\r\n") {
		t.Errorf("want decimal commas and neutralised formulas; got %q", s)
	}
}

func TestXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, XLSX, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Berättelser")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][1] != "text" || rows[1][1] != "'=cmd|' /C calc'!A0" || rows[3][0] != "Alla" {
		t.Errorf("rows = %q", rows)
	}
	for r := 2; r <= 5; r++ {
		cell, _ := excelize.CoordinatesToCellName(2, r)
		if formula, _ := f.GetCellFormula("Berättelser", cell); formula != "" {
			t.Errorf("cell %s holds a formula %q", cell, formula)
		}
	}
	if v, _ := f.GetCellValue("Berättelser", "C2"); v != "12.5" {
		t.Errorf("C2 = %q, want the number 12.5", v)
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, JSON, sample()); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b.Bytes(), &rows); err != nil || len(rows) != 4 || rows[0]["andel"] != 12.5 || rows[1]["andel"] != nil {
		t.Errorf("JSON = %s (%v)", b.String(), err)
	}
	if err := Write(&b, "pdf", sample()); err == nil {
		t.Error("unknown format accepted")
	}
}
