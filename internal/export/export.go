// Package export writes tables for project groups and researchers as CSV
// (comma, or semicolon with a byte order mark for Swedish Excel), XLSX and
// JSON. Every text cell is neutralised against formula injection.
package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Formats.
const (
	CSV      = "csv"
	CSVExcel = "csv-excel"
	XLSX     = "xlsx"
	JSON     = "json"
)

// Table is a sheet: a header and rows of cells. A cell is a string, a
// float64, an int or int64, or nil (empty).
type Table struct {
	Name   string
	Header []string
	Rows   [][]any
}

// ContentType returns the MIME type and file extension of a format.
func ContentType(format string) (mime, ext string, err error) {
	switch format {
	case CSV:
		return "text/csv; charset=utf-8", "csv", nil
	case CSVExcel:
		return "text/csv; charset=utf-8", "csv", nil
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", nil
	case JSON:
		return "application/json", "json", nil
	}
	return "", "", fmt.Errorf("export: unknown format %q; use csv, csv-excel, xlsx or json", format)
}

// Write writes t to w in format.
func Write(w io.Writer, format string, t Table) error { return WriteBook(w, format, t) }

// WriteBook writes t to w in format with, in an XLSX, the further sheets
// after it (a codebook); the other formats hold t alone.
func WriteBook(w io.Writer, format string, t Table, sheets ...Table) error {
	switch format {
	case CSV:
		return writeCSV(w, t, ',', false)
	case CSVExcel:
		return writeCSV(w, t, ';', true)
	case XLSX:
		return writeXLSX(w, append([]Table{t}, sheets...))
	case JSON:
		return writeJSON(w, t)
	}
	_, _, err := ContentType(format)
	return err
}

// Neutralise makes a text safe to open in a spreadsheet: a cell starting
// with =, +, -, @, a tab or a carriage return would be read as a formula
// (e.g. =cmd|' /C calc'!A0), so it gets a leading apostrophe.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '|', '%':
		return "'" + s
	}
	return s
}

func cellText(v any, decimalComma bool) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return Neutralise(x)
	case float64:
		s := fmt.Sprintf("%.2f", x)
		if decimalComma {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	default:
		return fmt.Sprint(x)
	}
}

func writeCSV(w io.Writer, t Table, sep rune, excel bool) error {
	if excel {
		if _, err := w.Write([]byte("\ufeff")); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	cw.Comma = sep
	cw.UseCRLF = excel
	header := make([]string, len(t.Header))
	for i, h := range t.Header {
		header[i] = Neutralise(h)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	rec := make([]string, len(t.Header))
	for _, row := range t.Rows {
		rec = rec[:0]
		for _, v := range row {
			rec = append(rec, cellText(v, excel))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

func writeXLSX(w io.Writer, ts []Table) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, t := range ts {
		sheet := t.Name
		if sheet == "" {
			sheet = "vfv"
		}
		if len(sheet) > 31 {
			sheet = sheet[:31]
		}
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", sheet)
		} else {
			_, err = f.NewSheet(sheet)
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := writeSheet(f, sheet, t); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// writeSheet streams t into the sheet.
func writeSheet(f *excelize.File, sheet string, t Table) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	header := make([]any, len(t.Header))
	for i, h := range t.Header {
		header[i] = Neutralise(h)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for r, row := range t.Rows {
		cells := make([]any, len(row))
		for i, v := range row {
			if s, ok := v.(string); ok {
				// Text stays text: excelize writes strings as inline
				// strings, never formulas; the apostrophe also guards a
				// copy-paste into another sheet.
				cells[i] = Neutralise(s)
			} else {
				cells[i] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// writeJSON writes the rows as an array of objects keyed by the header.
func writeJSON(w io.Writer, t Table) error {
	out := make([]map[string]any, len(t.Rows))
	for r, row := range t.Rows {
		m := make(map[string]any, len(t.Header))
		for i, h := range t.Header {
			if i < len(row) {
				m[h] = row[i]
			}
		}
		out[r] = m
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
