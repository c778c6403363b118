package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestBindForm(t *testing.T) {
	post := func(v url.Values) echo.Context {
		req := httptest.NewRequest(http.MethodPost, "/staff/campaigns", strings.NewReader(v.Encode()))
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
		return echo.New().NewContext(req, httptest.NewRecorder())
	}
	check := func(f campaignForm) formErrors {
		var e formErrors
		if f.Name == "" {
			e.Name = "name is empty"
		}
		return e
	}
	tests := []struct {
		name   string
		values url.Values
		want   campaignForm
		ok     bool
	}{
		{"trimmed, kiosk ticked", url.Values{"name": {"  Hösten "}, "site": {"Gården\t"}, "kiosk": {"on"}},
			campaignForm{Name: "Hösten", Site: "Gården", Kiosk: true}, true},
		{"kiosk not sent", url.Values{"name": {"Hösten"}}, campaignForm{Name: "Hösten"}, true},
		{"blank name refused", url.Values{"name": {"   "}, "lang": {" en "}}, campaignForm{Lang: "en"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, errs, ok := bindForm(post(tt.values), readCampaignForm, check)
			if f != tt.want || ok != tt.ok || errs.has() == ok {
				t.Errorf("bindForm = %+v, %+v, %v; want %+v, ok %v", f, errs, ok, tt.want, tt.ok)
			}
		})
	}
	f := readPasswordForm(formReader{post(url.Values{"current": {" gammalt "}, "new": {"nytt lösen "}})})
	if f.Current != " gammalt " || f.New != "nytt lösen " {
		t.Errorf("password form %+v, want the passwords as typed", f)
	}
}
