package web

import (
	"errors"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"

	"github.com/labstack/echo/v4"
)

var (
	// errForeignOrigin: a respondent write came from a page on another site.
	errForeignOrigin = errors.New("request from a page on another site")
	// errNotJSON: a respondent write whose body is not declared as JSON.
	errNotJSON = errors.New("body not sent as application/json")
)

// contentSecurityPolicy allows nothing from elsewhere and no inline script
// or style: every page works from its own hashed static files.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries: a strict CSP, no
// framing, no referrer (a survey link says which campaign someone
// answered), no MIME sniffing, and HSTS when the client came over HTTPS.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.isTLS(c) {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

// respondentWrite guards the respondent routes that store something
// against other sites. A page elsewhere can make a visitor's browser POST a
// text/plain body without asking (no CORS preflight), so the body must be
// declared application/json, which a browser sends across sites only after
// a preflight that vfv never grants; and a request whose Origin names
// another site, or none ("null", a sandboxed frame), is refused. Browsers
// send Origin with every POST, the survey page's own queue included;
// requests without one (scripts, other non-browser clients) pass.
func (s *Server) respondentWrite(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if o := c.Request().Header.Get(echo.HeaderOrigin); o != "" && !s.ownOrigin(c, o) {
			return errForeignOrigin
		}
		mt, _, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
		if err != nil || mt != echo.MIMEApplicationJSON {
			return errNotJSON
		}
		return next(c)
	}
}

// staffHeaders wraps the staff and staff API route groups in routes.go,
// the one place these are set:
//
//   - Cache-Control: no-store keeps staff answers out of every cache:
//     pages, results, exports, charts, QR codes, story lists and their
//     errors. A shared tablet's browser must not show them to the next
//     person from its cache or history, even after logout.
//   - Referrer-Policy: same-origin (instead of no-referrer), so that a
//     form posted from a staff page, the login form above all, carries
//     this site's Origin; under no-referrer browsers send "Origin: null",
//     which login refuses. Nothing is sent to other sites.
func staffHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

// ownOrigin reports whether an Origin header names this site: the host the
// request was sent to, or that of the configured public address (behind a
// proxy that passes on another Host).
func (s *Server) ownOrigin(c echo.Context, origin string) bool {
	if sameOrigin(origin, c.Request().Host) {
		return true
	}
	base, err := url.Parse(s.baseURL)
	return s.baseURL != "" && err == nil && base.Host != "" && sameOrigin(origin, base.Host)
}

// clientAddress is how the server tells clients apart (only for rate
// limits, through an HMAC; an address is never stored or logged): the
// connection's peer, or, when the peer is one of the trusted proxies, the
// nearest address in X-Forwarded-For that is not. Only the proxies named
// are trusted, never whole private ranges: anyone else could name a fresh
// address on every request and escape the limits.
func clientAddress(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// fromTrustedProxy reports whether the request's peer is a trusted proxy.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	if len(s.proxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a := ap.Addr().Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// isTLS reports whether the client reached us over HTTPS: directly, or
// through a trusted proxy that says so in X-Forwarded-Proto (from anyone
// else the header is ignored).
func (s *Server) isTLS(c echo.Context) bool {
	r := c.Request()
	return r.TLS != nil || (s.fromTrustedProxy(r) && r.Header.Get("X-Forwarded-Proto") == "https")
}
