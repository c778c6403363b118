package auth

import (
	"slices"
	"sort"
)

// Role is what a staff member is in one project.
type Role string

// The roles of a project.
const (
	// RoleAdmin manages the project's users and settings, and may do all
	// that the other roles may.
	RoleAdmin Role = "admin"
	// RoleAgent is a trust agent (tillitsagent): creates, opens and closes
	// campaigns and sees response counts.
	RoleAgent Role = "agent"
	// RoleGroup is a project group member: reads results and exports.
	RoleGroup Role = "group"
)

// Roles lists every role, for forms and validation.
var Roles = []Role{RoleAdmin, RoleAgent, RoleGroup}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Perm is something a role may be allowed to do in a project.
type Perm int

// Permissions.
const (
	// ViewCampaigns: see the project's campaigns and their response counts.
	ViewCampaigns Perm = iota + 1
	// ManageCampaigns: create, edit, open and close campaigns.
	ManageCampaigns
	// ViewResults: read results, stories and exports.
	ViewResults
	// ManageProject: manage the project's users and settings.
	ManageProject
	// ViewBoard: read the project's workshop board (skapa, bryta, behålla).
	ViewBoard
	// EditBoard: add, change, move and remove the board's cards.
	EditBoard
)

// grants is the one table of what each role may do.
var grants = map[Role][]Perm{
	RoleAdmin: {ViewCampaigns, ManageCampaigns, ViewResults, ManageProject, ViewBoard, EditBoard},
	RoleAgent: {ViewCampaigns, ManageCampaigns, ViewBoard},
	RoleGroup: {ViewCampaigns, ViewResults, ViewBoard, EditBoard},
}

// Can reports whether the role grants perm.
func (r Role) Can(p Perm) bool { return slices.Contains(grants[r], p) }

// Principal is an authenticated staff member with their roles.
type Principal struct {
	Email string
	// Admin is an installation admin: every permission in every project.
	Admin bool
	Roles map[string]Role
}

// Member reports whether the principal may see that the project exists.
func (p Principal) Member(project string) bool {
	if p.Admin {
		return true
	}
	_, ok := p.Roles[project]
	return ok && project != ""
}

// Can reports whether the principal has perm in project. Campaigns made
// outside any project (project "") are an installation admin's only.
func (p Principal) Can(project string, perm Perm) bool {
	if p.Admin {
		return true
	}
	r, ok := p.Roles[project]
	return ok && project != "" && r.Can(perm)
}

// Projects lists the projects the principal has a role in, sorted.
func (p Principal) Projects() []string {
	out := make([]string, 0, len(p.Roles))
	for id := range p.Roles {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
