package campaign

import "github.com/vfv/vfv/internal/store"

// Status is whether respondents can answer a campaign on a given day. Its
// values are also the staff pages' translation keys (staff.status.…).
type Status string

// The statuses of a campaign; only StatusOpen takes answers.
const (
	StatusOpen     Status = "open"     // switched on, within its days
	StatusClosed   Status = "closed"   // switched off by staff
	StatusUpcoming Status = "upcoming" // switched on, before its first day
	StatusEnded    Status = "ended"    // switched on, after its last day
)

// StatusOn is the one rule of whether a campaign is open: switched on, and
// today (a calendar.Date) within its first and last days, both included.
// The respondent side refuses answers and the staff pages show the status
// by it.
func StatusOn(c store.Campaign, today string) Status {
	switch {
	case !c.Open:
		return StatusClosed
	case c.Opens != "" && today < c.Opens:
		return StatusUpcoming
	case c.Closes != "" && today > c.Closes:
		return StatusEnded
	}
	return StatusOpen
}
