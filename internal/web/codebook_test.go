package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vfv/vfv/internal/report"
	"github.com/vfv/vfv/internal/survey"
)

// ungaVuxna loads the example survey unga-vuxna.
func ungaVuxna(t *testing.T) *survey.Survey {
	t.Helper()
	all, err := survey.LoadDir("../../surveys")
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range all {
		if sv.ID == "unga-vuxna" {
			return sv
		}
	}
	t.Fatal("no survey unga-vuxna")
	return nil
}

// machineHeader turns the Swedish column headings of an Excel CSV back
// into the column names of the other formats (the codebooks' header_sv);
// it fails on a heading no codebook knows or two codebooks share.
func machineHeader(t *testing.T, header []string) []string {
	t.Helper()
	names := map[string]string{}
	for _, what := range []string{"scores", "judgments", "stories"} {
		sv := ungaVuxna(t)
		cb := report.NewCodebook(sv, what, 5, report.Header(sv, what))
		for _, c := range cb.Columns {
			if old, ok := names[c.HeaderSV]; ok && old != c.Name {
				t.Fatalf("Swedish heading %q names both %s and %s", c.HeaderSV, old, c.Name)
			}
			names[c.HeaderSV] = c.Name
		}
	}
	out := make([]string, len(header))
	for i, h := range header {
		n, ok := names[h]
		if !ok {
			t.Fatalf("Excel CSV heading %q is in no codebook", h)
		}
		out[i] = n
	}
	return out
}

// TestCodebookWithEveryExport: each export has a codebook — as JSON
// (format=codebook), as the second sheet of the XLSX — naming every
// column of the file with its type and value labels in Swedish and
// English, the survey version and the small-group rule; the Excel CSV is
// headed in Swedish; every format has a file name of its own.
func TestCodebookWithEveryExport(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	sv, _ := f.collectSurvey("unga-vuxna")
	for _, what := range []string{"scores", "judgments", "stories"} {
		t.Run(what, func(t *testing.T) {
			base := "/api/v1/campaigns/GRUMS34/export?what=" + what + "&format="
			status, b := f.download(t, "group@a.se", base+"codebook")
			var cb struct {
				Export string
				Survey struct {
					ID, Version string
					Title       map[string]string
					Items       []struct {
						Value string
						Label map[string]string
					}
				}
				Rule struct {
					MinGroupSize int `json:"min_group_size"`
					Applied      struct{ SV, EN string }
				} `json:"small_group_rule"`
				Columns []struct {
					Name, Type  string
					HeaderSV    string `json:"header_sv"`
					Description struct{ SV, EN string }
					Values      []struct {
						Value string
						Label map[string]string
					}
				}
			}
			if err := json.Unmarshal(b, &cb); status != 200 || err != nil {
				t.Fatalf("codebook = %d %s", status, b)
			}
			if cb.Export != what || cb.Survey.ID != "unga-vuxna" || cb.Survey.Version != sv.Version || cb.Survey.Version == "" ||
				len(cb.Survey.Items) != len(sv.Items) || cb.Survey.Items[0].Label["en"] == "" || cb.Survey.Title["sv"] == "" {
				t.Errorf("codebook survey = %+v, want unga-vuxna version %s with its texts", cb.Survey, sv.Version)
			}
			if cb.Rule.MinGroupSize < 3 || !strings.Contains(cb.Rule.Applied.SV, "5") || cb.Rule.Applied.EN == "" {
				t.Errorf("codebook rule = %+v", cb.Rule)
			}
			// Every column of the CSV is described, in its order.
			_, csvBody := f.download(t, "group@a.se", base+"csv")
			header := exportRows(t, "csv", csvBody)[0]
			if len(header) != len(cb.Columns) {
				t.Fatalf("CSV has %d columns %v, codebook %d", len(header), header, len(cb.Columns))
			}
			for i, c := range cb.Columns {
				if c.Name != header[i] || c.Type == "" || c.HeaderSV == "" || c.Description.SV == "" || c.Description.EN == "" || strings.HasPrefix(c.Description.EN, "The column ") {
					t.Errorf("column %d: codebook %+v, CSV %q", i, c, header[i])
				}
				for _, v := range c.Values {
					if v.Label["sv"] == "" || v.Label["en"] == "" {
						t.Errorf("column %s value %s lacks a Swedish or English label: %v", c.Name, v.Value, v.Label)
					}
				}
			}
			// The Excel CSV is headed in Swedish.
			_, xb := f.download(t, "group@a.se", base+"csv-excel")
			first := strings.SplitN(strings.TrimPrefix(string(xb), "\ufeff"), "\r\n", 2)[0]
			if want := cb.Columns[0].HeaderSV + ";" + cb.Columns[1].HeaderSV; !strings.HasPrefix(first, want) {
				t.Errorf("Excel CSV heading %q, want it to start %q", first, want)
			}
			// The XLSX has the codebook as its second sheet.
			_, xlsx := f.download(t, "group@a.se", base+"xlsx")
			x, err := excelize.OpenReader(bytes.NewReader(xlsx))
			if err != nil {
				t.Fatal(err)
			}
			sheets := x.GetSheetList()
			if len(sheets) != 2 || sheets[1] != "codebook" {
				t.Fatalf("XLSX sheets = %v, want the data and codebook", sheets)
			}
			rows, _ := x.GetRows("codebook")
			cols := 0
			for _, r := range rows {
				if len(r) > 1 && r[0] == "column" {
					cols++
				}
			}
			if cols != len(cb.Columns) || rows[2][0] != "survey" || rows[2][2] != sv.Version {
				t.Errorf("codebook sheet has %d columns (want %d), survey row %v", cols, len(cb.Columns), rows[2])
			}
			// A file name per format.
			names := map[string]string{}
			for _, format := range []string{"csv", "csv-excel", "xlsx", "json", "codebook"} {
				req, _ := http.NewRequest("GET", f.URL+base+format, nil)
				req.Header.Set("Authorization", "Bearer "+f.tokens["group@a.se"])
				resp, err := f.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				cd := resp.Header.Get("Content-Disposition")
				if other, ok := names[cd]; ok || !strings.Contains(cd, "filename=\"vfv-GRUMS34-"+what) {
					t.Errorf("%s: Content-Disposition %q (same as %s?)", format, cd, other)
				}
				names[cd] = format
			}
		})
	}
}
