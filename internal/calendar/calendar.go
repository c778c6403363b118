// Package calendar is the one time zone of vfv's calendar dates: the day a
// response counts for, a campaign's first and last days, the day results
// are released from, the day something was created. They are dates in
// Swedish time wherever the server runs, so an answer given at 00:30
// counts for that day. Clocks (time.Now, or a test's) stay with their
// owners; only the turning of an instant into a date lives here.
package calendar

import (
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // the zone in a static binary without system zoneinfo
)

// zoneName is the time zone of every date vfv stores and shows.
const zoneName = "Europe/Stockholm"

var zone = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation(zoneName)
	if err != nil { // the zone is embedded: only a broken build gets here
		panic(fmt.Sprintf("calendar: load %s: %v", zoneName, err))
	}
	return loc
})

// Zone is Europe/Stockholm, for showing instants (an audit entry's time)
// in the zone of the dates.
func Zone() *time.Location { return zone() }

// Date is the calendar date of t in Swedish time, YYYY-MM-DD.
func Date(t time.Time) string { return t.In(zone()).Format(time.DateOnly) }
