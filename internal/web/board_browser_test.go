package web_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/store"
)

// TestBrowserBoard: a project group member puts an item and a story of
// the results page on the workshop board ("Lägg på tavlan", choosing the
// column), moves a card to another column with the keyboard alone, and
// prints the board on A3 landscape; the change between two waves and "Ni
// sa – vi gör" in Arabic render too. axe-core finds no WCAG 2.1 A or AA
// violation on any of these pages. Screenshots (and the printed PDF) go
// to testdata/out.
func TestBrowserBoard(t *testing.T) {
	b := newBrowser(t, 240*time.Second)
	ts := startStaffBrowserServer(t)
	ctx := context.Background()
	if _, err := account.AddUser(ctx, ts.store, store.User{Email: "group@a.se", Roles: map[string]string{"grums": "group"}}, testPassword); err != nil {
		t.Fatal(err)
	}
	for code, name := range map[string]string{"GRUMS34": "Hösten 2025", "GRUMS35": "Hösten 2026"} {
		if err := ts.store.CreateCampaign(ctx, store.Campaign{Code: code, SurveyID: "unga-vuxna", ProjectID: "grums",
			Name: name, Site: "Fritidsgården Grums", Open: true, Lang: "sv", Created: "2026-09-01"}); err != nil {
			t.Fatal(err)
		}
	}
	f := &staffFixture{testServer: ts}
	seededResults(t, f)
	seedWave(t, f, "GRUMS35", 6, []waveClass{{"women", 8, waveWomen, "jobb-studier", ""}, {"men", 12, waveMen, "boende", ""}, {"older", 10, waveOlder, "ma-bra", ""}})
	b.do(t, "laptop viewport", desktop())
	b.swedish(t)

	b.do(t, "open the results", chromedp.Navigate(ts.URL+resultsPath))
	b.waitFor(t, "the login page", `location.pathname === '/login'`, step)
	b.do(t, "log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "group@a.se"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)))
	b.waitFor(t, "the results page", `!!document.querySelector('#table-overall a.board-add')`, step)

	b.axeCheck(t, "results page with Lägg på tavlan")
	b.do(t, "scroll to the ranking", chromedp.ScrollIntoView(chromedp.CSS("#table-overall")))
	b.keepView(t, "board-results-item-links")
	b.do(t, "scroll to the stories", chromedp.ScrollIntoView(chromedp.CSS("li.story")))
	b.keepView(t, "board-results-story-links")

	// The first item of the ranking goes to "Bryta".
	item := b.str(t, `document.querySelector('#table-overall tbody th').firstChild.textContent.trim()`)
	b.do(t, "put the first item on the board", chromedp.Click(chromedp.CSS(`#table-overall a.board-add`)))
	b.waitFor(t, "the new card form", `location.pathname === '/staff/board/new' && !!document.querySelector('form.board-new button[type="submit"]')`, step)
	if got := b.str(t, `document.querySelector('.board-what strong').textContent`); got != item {
		t.Errorf("the new card is about %q, want the item %q", got, item)
	}
	b.axeCheck(t, "new card form")
	b.keep(t, "board-new-card", false)
	b.do(t, "choose Bryta and add", chromedp.Click(chromedp.CSS(`input[name="column"][value="bryta"]`)),
		chromedp.Click(chromedp.CSS(`form.board-new button[type="submit"]`)))
	b.waitFor(t, "the board", `location.pathname === '/staff/projects/grums/board' && !!document.querySelector('.board .col-behalla')`, step)
	if !b.isTrue(t, `[...document.querySelectorAll('.col-bryta .card-text')].some(p => p.textContent === `+jsString(item)+`)`) {
		t.Errorf("the item %q is not a card in Bryta", item)
	}

	// A story goes to "Skapa".
	b.do(t, "back to the results", chromedp.Navigate(ts.URL+resultsPath+"#stories"))
	b.waitFor(t, "the stories", `!!document.querySelector('li.story a.board-add')`, step)
	story := b.str(t, `document.querySelector('li.story .story-text').textContent`)
	b.do(t, "put the first story on the board", chromedp.Click(chromedp.CSS(`li.story a.board-add`)))
	b.waitFor(t, "the new card form", `location.pathname === '/staff/board/new' && !!document.querySelector('form.board-new button[type="submit"]')`, step)
	b.do(t, "write and add to Skapa", chromedp.Click(chromedp.CSS(`input[name="column"][value="skapa"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-text`), "Fler vägar in"),
		chromedp.SendKeys(chromedp.CSS(`#f-owner`), "Samordnaren"),
		chromedp.Click(chromedp.CSS(`form.board-new button[type="submit"]`)))
	b.waitFor(t, "the board", `location.pathname === '/staff/projects/grums/board' && !!document.querySelector('.board .col-behalla')`, step)
	if !b.isTrue(t, `[...document.querySelectorAll('.col-skapa blockquote')].some(q => q.textContent === `+jsString(story)+`)`) {
		t.Errorf("the story %q is not on a card in Skapa", story)
	}

	// Move the Skapa card to Behålla with the keyboard only: focus its
	// button and press Enter.
	b.do(t, "focus Flytta till Behålla", chromedp.Focus(chromedp.CSS(`.col-skapa .board-card button.move-card[value="behalla"]`)))
	if got := b.str(t, `document.activeElement.textContent`); got != "Flytta till Behålla" {
		t.Errorf("focused button says %q", got)
	}
	b.keys(t, "\r")
	b.waitFor(t, "the card in Behålla", `location.search.includes('done=moved') && document.querySelectorAll('.col-behalla .board-card').length === 1 && document.readyState === 'complete'`, step)
	if !b.isTrue(t, `document.querySelectorAll('.col-skapa .board-card').length === 0 && document.querySelector('.notice').textContent === 'Kortet är flyttat.'`) {
		t.Error("the moved card did not leave Skapa, or the move was not confirmed")
	}
	if !b.isTrue(t, `location.hash.startsWith('#card-') && document.activeElement === document.querySelector(location.hash) && document.activeElement.closest('.col-behalla')`) {
		t.Error("the page does not come back to the moved card with the focus on it")
	}
	// The keyboard goes on from the moved card: Tab reaches its buttons.
	b.keys(t, "\t")
	if got := b.str(t, `document.activeElement.closest('.board-card') ? document.activeElement.textContent : ''`); !strings.HasPrefix(got, "Flytta till") {
		t.Errorf("Tab from the moved card reaches %q, want its first move button", got)
	}
	b.axeCheck(t, "board")
	b.keep(t, "board-laptop", false)
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"tablet", 820, 1180}, {"phone", 360, 740}} {
		b.do(t, vp.name+" viewport", chromedp.EmulateViewport(vp.w, vp.h, chromedp.EmulateTouch, chromedp.EmulateMobile))
		b.keep(t, "board-"+vp.name, false)
		b.axeCheck(t, "board on a "+vp.name)
	}
	b.do(t, "laptop viewport", desktop())

	// Link an item to the Behålla card with the keyboard only: open
	// "Ändra kortet" and its links with Enter, tick with Space, save.
	card := `.col-behalla .board-card`
	b.do(t, "focus Ändra kortet", chromedp.Focus(chromedp.CSS(card+` details.card-edit > summary`)))
	b.keys(t, "\r")
	b.do(t, "focus the links", chromedp.Focus(chromedp.CSS(card+` details.card-links > summary`)))
	b.keys(t, "\r")
	if !b.isTrue(t, `document.querySelector('`+card+` details.card-links').open && document.querySelectorAll('`+card+` input[name="link_story"]:checked').length === 1`) {
		t.Error("the links did not open, or the card's story is not ticked")
	}
	b.do(t, "focus an item", chromedp.Focus(chromedp.CSS(card+` input[name="link_item"]`)))
	b.keys(t, " ")
	b.do(t, "tablet viewport", chromedp.EmulateViewport(820, 1180, chromedp.EmulateTouch, chromedp.EmulateMobile))
	b.do(t, "show the links", chromedp.ScrollIntoView(chromedp.CSS(card+` details.card-links`)))
	b.keepView(t, "board-edit-links-tablet")
	b.axeCheck(t, "edit form with links")
	b.do(t, "laptop viewport", desktop())
	b.do(t, "focus Spara", chromedp.Focus(chromedp.CSS(card+` details.card-edit form.form button[type="submit"]`)))
	b.keys(t, "\r")
	b.waitFor(t, "the saved card", `location.search.includes('done=saved') && document.readyState === 'complete'`, step)
	if !b.isTrue(t, `document.querySelectorAll('`+card+` .card-items > li').length === 1 && document.querySelectorAll('`+card+` .card-stories li').length === 1`) {
		t.Error("the card does not show the item linked by the form, or lost its story")
	}

	// Printed on A3 landscape: no forms, three columns.
	b.media(t, "print")
	if b.isTrue(t, `[...document.querySelectorAll('form, .board-tools, .staff-head')].some(e => e.offsetParent !== null)`) {
		t.Error("the printed board shows forms or navigation")
	}
	if !b.isTrue(t, `getComputedStyle(document.querySelector('.board')).gridTemplateColumns.split(' ').length === 3`) {
		t.Error("the printed board is not three columns")
	}
	b.keep(t, "board-print", true)
	b.media(t, "")
	pdf, err := os.ReadFile(filepath.Join(screensDir(t), "board-print.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var w, h float64
	if _, err := fmt.Sscanf(mediaBox(pdf), "/MediaBox [0 0 %g %g", &w, &h); err != nil || w < 1185 || w > 1195 || h < 838 || h > 846 {
		t.Errorf("the printed board is not A3 landscape (about 1191 × 842 pt): %q", mediaBox(pdf))
	}

	// The change between the two waves, and the poster in Arabic.
	b.do(t, "open the change", chromedp.Navigate(ts.URL+"/staff/surveys/unga-vuxna/change?before=GRUMS34&after=GRUMS35"))
	b.waitFor(t, "the change table", `!!document.getElementById('change-main')`, step)
	b.waitFor(t, "the change chart", imagesLoaded, 20*time.Second)
	b.axeCheck(t, "change page")
	b.keep(t, "change-laptop", false)
	b.do(t, "open the poster", chromedp.Navigate(ts.URL+"/staff/projects/grums/saidwedo/poster?lang=ar"))
	b.waitFor(t, "the poster", `document.documentElement.dir === 'rtl' && !!document.querySelector('main.saidwedo')`, step)
	b.axeCheck(t, "Ni sa – vi gör (ar)")
	b.keep(t, "saidwedo-poster-ar", true)
	if poster, err := os.ReadFile(filepath.Join(screensDir(t), "saidwedo-poster-ar.pdf")); err != nil {
		t.Fatal(err)
	} else if _, err := fmt.Sscanf(mediaBox(poster), "/MediaBox [0 0 %g %g", &w, &h); err != nil || w < 590 || w > 600 || h < 838 || h > 846 {
		t.Errorf("the poster is not A4 (about 595 × 842 pt): %q", mediaBox(poster))
	}
	b.do(t, "the plain page in Swedish", chromedp.Navigate(ts.URL+"/staff/projects/grums/saidwedo?lang=sv"))
	b.waitFor(t, "the page", `!!document.querySelector('main.saidwedo')`, step)
	b.axeCheck(t, "Ni sa – vi gör (sv)")
	b.do(t, "phone viewport", chromedp.EmulateViewport(360, 740, chromedp.EmulateTouch, chromedp.EmulateMobile))
	b.keep(t, "saidwedo-phone", false)
	b.checkCSP(t)
}

// keepView saves what the viewport shows (not the whole page) under
// screensDir.
func (b *browser) keepView(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(screensDir(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mediaBox quotes the first MediaBox of a PDF, for a failure message.
func mediaBox(pdf []byte) string {
	i := bytes.Index(pdf, []byte("/MediaBox"))
	if i < 0 {
		return "none"
	}
	return strings.TrimSpace(string(pdf[i:min(len(pdf), i+40)]))
}
