// Package config holds vfv's settings, read from flags and VFV_…
// environment variables, with the defaults in one table.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vfv/vfv/internal/release"
)

// Config is the effective configuration of a vfv process.
type Config struct {
	// Addr is the HTTP listen address.
	Addr string
	// MetricsAddr is the listen address of /metrics, apart from the public
	// listener; "off" or empty serves no metrics (see MetricsListen).
	MetricsAddr string
	// BaseURL is the public address respondents reach (for links and QR
	// codes); empty means derived from the request.
	BaseURL string
	// MongoURI points at a MongoDB deployment; empty starts the embedded store.
	MongoURI string
	// Database is the MongoDB database name.
	Database string
	// DataDir holds the embedded store's files.
	DataDir string
	// SurveysDir holds the survey YAML files.
	SurveysDir string
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is text or json.
	LogFormat string
	// WriteConcern is "majority" (default) or a number of members that must
	// acknowledge a write; writes are also journaled unless Journal is off.
	WriteConcern string
	// Journal requests journaled writes ("true" or "false").
	Journal string
	// ReadPreference is a MongoDB read preference mode (default primary).
	ReadPreference string
	// SubmitBurst and SubmitPerMinute limit submissions per client and
	// campaign (0 burst: no limit).
	SubmitBurst, SubmitPerMinute int
	// TrustedProxies lists the proxies (comma-separated CIDRs or
	// addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed;
	// empty trusts none. See Proxies.
	TrustedProxies string
	// TokenDays is how many days a new API token works.
	TokenDays int
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// on SIGINT/SIGTERM.
	ShutdownTimeout time.Duration
	// WriterLease is how long a replica's heartbeat stays valid: after it
	// the replica is taken for dead and its counters are rebuilt from its
	// responses by the others (docs/data-model.md, sharded counters).
	WriterLease time.Duration
}

// MaxWriterLease is the longest writer lease: a dead replica's writer is
// rebuilt within a lease and a repair interval (at most half a lease)
// after its last heartbeat, and that must end before the answers it
// stored are released (release.Settling after their week ended).
const MaxWriterLease = release.Settling / 2

// setting is one row of the defaults table.
type setting struct {
	flag, env, def, usage string
	secret                bool
	str                   func(c *Config) *string
	dur                   func(c *Config) *time.Duration
	num                   func(c *Config) *int
	flag_                 func(c *Config) *bool
}

// settings is the one table of every setting, its flag, environment
// variable and default.
var settings = []setting{
	{flag: "addr", env: "VFV_ADDR", def: ":8080", usage: "HTTP listen address", str: func(c *Config) *string { return &c.Addr }},
	{flag: "metrics-addr", env: "VFV_METRICS_ADDR", def: "127.0.0.1:9090", usage: "listen address of /metrics, for the monitoring network only; off: no metrics listener", str: func(c *Config) *string { return &c.MetricsAddr }},
	{flag: "base-url", env: "VFV_BASE_URL", def: "", usage: "public base URL for respondent links (default: from the request; on the command line http:// + addr, localhost for every interface)", str: func(c *Config) *string { return &c.BaseURL }},
	{flag: "mongodb-uri", env: "MONGODB_URI", def: "", usage: "MongoDB connection string; empty starts the embedded store", secret: true, str: func(c *Config) *string { return &c.MongoURI }},
	{flag: "db", env: "VFV_DB", def: "vfv", usage: "database name", str: func(c *Config) *string { return &c.Database }},
	{flag: "data-dir", env: "VFV_DATA_DIR", def: "./data", usage: "data directory of the embedded store", str: func(c *Config) *string { return &c.DataDir }},
	{flag: "surveys", env: "VFV_SURVEYS", def: "./surveys", usage: "folder with the survey YAML files", str: func(c *Config) *string { return &c.SurveysDir }},
	{flag: "log-level", env: "VFV_LOG_LEVEL", def: "info", usage: "log level: debug, info, warn, error", str: func(c *Config) *string { return &c.LogLevel }},
	{flag: "log-format", env: "VFV_LOG_FORMAT", def: "text", usage: "log format: text or json", str: func(c *Config) *string { return &c.LogFormat }},
	{flag: "write-concern", env: "VFV_WRITE_CONCERN", def: "majority", usage: "MongoDB write concern: majority, or the number of members that must acknowledge", str: func(c *Config) *string { return &c.WriteConcern }},
	{flag: "journal", env: "VFV_JOURNAL", def: "true", usage: "acknowledge writes only once journaled: true or false", str: func(c *Config) *string { return &c.Journal }},
	{flag: "read-preference", env: "VFV_READ_PREFERENCE", def: "primary", usage: "MongoDB read preference: primary, primaryPreferred, secondary, secondaryPreferred, nearest", str: func(c *Config) *string { return &c.ReadPreference }},
	{flag: "submit-burst", env: "VFV_SUBMIT_BURST", def: "60", usage: "submissions one client may send to one campaign at once, and as many loads of its survey (0: no limit)", num: func(c *Config) *int { return &c.SubmitBurst }},
	{flag: "submit-per-minute", env: "VFV_SUBMIT_PER_MINUTE", def: "60", usage: "submissions per minute one client may send to one campaign on average, and as many survey loads", num: func(c *Config) *int { return &c.SubmitPerMinute }},
	{flag: "trusted-proxies", env: "VFV_TRUSTED_PROXIES", def: "", usage: "comma-separated CIDRs of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, e.g. 10.0.0.5/32 (default: none)", str: func(c *Config) *string { return &c.TrustedProxies }},
	{flag: "token-days", env: "VFV_TOKEN_DAYS", def: "90", usage: "days a new API token works (1 or more)", num: func(c *Config) *int { return &c.TokenDays }},
	{flag: "shutdown-timeout", env: "VFV_SHUTDOWN_TIMEOUT", def: "15s", usage: "how long in-flight requests may finish on shutdown", dur: func(c *Config) *time.Duration { return &c.ShutdownTimeout }},
	{flag: "writer-lease", env: "VFV_WRITER_LEASE", def: "2m", usage: "how long a replica's heartbeat stays valid; a replica silent longer is taken for dead and its counters rebuilt", dur: func(c *Config) *time.Duration { return &c.WriterLease }},
}

// Load reads the configuration: defaults, then environment variables (from
// getenv), then the flags in args. It returns the remaining arguments.
// Every invalid value is reported, not only the first.
func Load(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	var c Config
	fs := flag.NewFlagSet("vfv "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var errs []error
	if getenv("VFV_TRUST_PROXY") != "" {
		// It trusted every private address; say what replaced it rather
		// than quietly trusting no proxy.
		errs = append(errs, errors.New("VFV_TRUST_PROXY is gone: name the proxies in VFV_TRUSTED_PROXIES instead, e.g. VFV_TRUSTED_PROXIES=10.0.0.5/32"))
	}
	for _, st := range settings {
		v := st.def
		if e := getenv(st.env); e != "" {
			v = e
		}
		usage := fmt.Sprintf("%s (env %s)", st.usage, st.env)
		switch {
		case st.str != nil:
			fs.StringVar(st.str(&c), st.flag, v, usage)
		case st.dur != nil:
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q is not a duration; write e.g. 15s or 1m", st.env, v))
			}
			fs.DurationVar(st.dur(&c), st.flag, d, usage)
		case st.num != nil:
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				errs = append(errs, fmt.Errorf("%s=%q is not a whole number of 0 or more", st.env, v))
			}
			fs.IntVar(st.num(&c), st.flag, n, usage)
		case st.flag_ != nil:
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q must be true or false", st.env, v))
			}
			fs.BoolVar(st.flag_(&c), st.flag, b, usage)
		}
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	errs = append(errs, c.validate()...)
	return c, fs.Args(), errors.Join(errs...)
}

// FromOS is Load with the process environment.
func FromOS(name string, args []string, stderr io.Writer) (Config, []string, error) {
	return Load(name, args, os.Getenv, stderr)
}

func (c Config) validate() []error {
	var errs []error
	if _, err := c.Level(); err != nil {
		errs = append(errs, err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log format %q is unknown; use text or json (VFV_LOG_FORMAT or --log-format)", c.LogFormat))
	}
	if c.Addr == "" {
		errs = append(errs, errors.New("listen address is empty; set VFV_ADDR or --addr, e.g. :8080"))
	}
	if addr, on := c.MetricsListen(); on {
		if _, port, err := net.SplitHostPort(addr); err != nil {
			errs = append(errs, fmt.Errorf("metrics address %q is not host:port; use e.g. 127.0.0.1:9090, or off (VFV_METRICS_ADDR or --metrics-addr)", addr))
		} else if addr == c.Addr && port != "0" { // port 0: each listener gets a free port
			errs = append(errs, fmt.Errorf("metrics address %q is the public listen address; give /metrics an address of its own, or off (VFV_METRICS_ADDR or --metrics-addr)", addr))
		}
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("base URL %q is not an http:// or https:// address; use e.g. https://vfv.example.se (VFV_BASE_URL or --base-url)", c.BaseURL))
		}
	}
	if c.Database == "" {
		errs = append(errs, errors.New("database name is empty; set VFV_DB or --db, e.g. vfv"))
	}
	if c.MongoURI == "" && c.DataDir == "" {
		errs = append(errs, errors.New("no store: set MONGODB_URI, or VFV_DATA_DIR for the embedded store"))
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		errs = append(errs, errors.New("MONGODB_URI must start with mongodb:// or mongodb+srv://"))
	}
	if c.WriteConcern != "majority" {
		if n, err := strconv.Atoi(c.WriteConcern); err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("write concern %q is unknown; use majority or a number of members such as 1 (VFV_WRITE_CONCERN)", c.WriteConcern))
		}
	}
	if c.Journal != "true" && c.Journal != "false" {
		errs = append(errs, fmt.Errorf("journal %q must be true or false (VFV_JOURNAL)", c.Journal))
	}
	switch c.ReadPreference {
	case "primary", "primaryPreferred", "secondary", "secondaryPreferred", "nearest":
	default:
		errs = append(errs, fmt.Errorf("read preference %q is unknown; use primary, primaryPreferred, secondary, secondaryPreferred or nearest (VFV_READ_PREFERENCE)", c.ReadPreference))
	}
	if _, err := c.Proxies(); err != nil {
		errs = append(errs, err)
	}
	if c.TokenDays < 1 {
		errs = append(errs, fmt.Errorf("token days %d: an API token must work for 1 day or more (VFV_TOKEN_DAYS or --token-days)", c.TokenDays))
	}
	if c.ShutdownTimeout < 0 {
		errs = append(errs, errors.New("shutdown timeout must not be negative"))
	}
	switch {
	case c.WriterLease < 6*time.Second:
		errs = append(errs, fmt.Errorf("writer lease %v: use 6s or more, e.g. 2m (VFV_WRITER_LEASE or --writer-lease)", c.WriterLease))
	case c.WriterLease > MaxWriterLease:
		errs = append(errs, fmt.Errorf("writer lease %v: use %v or less, e.g. 2m: a dead replica's answers must be counted before their week is released, %v after it ended (VFV_WRITER_LEASE or --writer-lease)", c.WriterLease, MaxWriterLease, release.Settling))
	}
	return errs
}

// Proxies returns the trusted proxies: each entry of TrustedProxies as a
// CIDR, a bare address standing for itself alone. Only explicit ranges:
// a client that can reach vfv without a proxy must not be able to name
// its own address, so no range (not even the private ones) is trusted by
// default.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, fmt.Errorf("trusted proxy %q is not a CIDR such as 10.0.0.5/32 or 172.28.0.0/24 (VFV_TRUSTED_PROXIES or --trusted-proxies)", f)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// MetricsListen returns the address /metrics is served on, and false when
// metrics are off ("off" or empty).
func (c Config) MetricsListen() (string, bool) {
	if c.MetricsAddr == "" || c.MetricsAddr == "off" {
		return "", false
	}
	return c.MetricsAddr, true
}

// PublicURL is where respondents reach this installation, for the links
// the command line prints: BaseURL when set, else http:// and the listen
// address, with localhost for an address on every interface (":8080",
// "0.0.0.0:8080", "[::]:8080").
func (c Config) PublicURL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://localhost"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	if port == "" || port == "80" {
		return "http://" + hostOnly(host)
	}
	return "http://" + net.JoinHostPort(host, port)
}

// hostOnly brackets an IPv6 address for a URL without a port.
func hostOnly(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// WriteFlags writes every setting as its flag, environment variable,
// default and meaning: the help of the commands that take them.
func WriteFlags(w io.Writer) {
	for _, st := range settings {
		def := st.def
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(w, "  --%s (env %s, default %s)\n      %s\n", st.flag, st.env, def, st.usage)
	}
}

// Level returns the slog level named by LogLevel.
func (c Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("log level %q is unknown; use debug, info, warn or error (VFV_LOG_LEVEL or --log-level)", c.LogLevel)
	}
	return l, nil
}

// Logger builds the process logger writing to w.
func (c Config) Logger(w io.Writer) *slog.Logger {
	l, _ := c.Level()
	o := &slog.HandlerOptions{Level: l}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// Print writes the effective configuration, one setting a line, with
// secrets masked.
func (c Config) Print(w io.Writer, redact func(string) string) {
	for _, st := range settings {
		var v string
		switch {
		case st.str != nil:
			v = *st.str(&c)
		case st.dur != nil:
			v = st.dur(&c).String()
		case st.num != nil:
			v = strconv.Itoa(*st.num(&c))
		case st.flag_ != nil:
			v = strconv.FormatBool(*st.flag_(&c))
		}
		if st.secret && v != "" {
			v = redact(v)
		}
		fmt.Fprintf(w, "%s=%s\n", st.env, v)
	}
}
