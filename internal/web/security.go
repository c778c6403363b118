package web

import (
	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows nothing from elsewhere and no inline script
// or style: every page works from its own hashed static files.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries: a strict CSP, no
// framing, no referrer (a survey link says which campaign someone
// answered), no MIME sniffing, and HSTS when the client came over HTTPS.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if isTLS(c) {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

// noStore keeps staff answers out of every cache: pages, results, exports,
// charts, QR codes, story lists and their errors. A shared tablet's
// browser must not show them to the next person from its cache or
// history, even after logout. It wraps the staff and staff API route
// groups in routes.go, the one place this is set.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}
