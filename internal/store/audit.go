package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colAudit = "audit"

// AuditEntry records one staff action: who, what, when. Respondents'
// actions are never audited.
type AuditEntry struct {
	At      time.Time
	Actor   string // e-mail, or "system"
	Action  string // e.g. "campaign.create"
	Target  string // e.g. a campaign code
	Project string
	Detail  string
}

type auditDoc struct {
	ID      string    `bson:"_id"`
	At      time.Time `bson:"at"`
	Actor   string    `bson:"actor"`
	Action  string    `bson:"action"`
	Target  string    `bson:"target"`
	Project string    `bson:"project,omitempty"`
	Detail  string    `bson:"detail,omitempty"`
}

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	_, err := s.db.Collection(colAudit).InsertOne(ctx, auditDoc{ID: uuid.NewString(), At: e.At.UTC().Truncate(time.Millisecond),
		Actor: e.Actor, Action: e.Action, Target: e.Target, Project: e.Project, Detail: e.Detail})
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, wrapErr(err))
	}
	return nil
}

// AuditLog returns the newest entries, at most limit, of one project, or
// of all projects when project is empty.
func (s *Store) AuditLog(ctx context.Context, project string, limit int) ([]AuditEntry, error) {
	filter := bson.D{}
	if project != "" {
		filter = bson.D{{Key: "project", Value: project}}
	}
	cur, err := s.db.Collection(colAudit).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("store: read audit log: %w", wrapErr(err))
	}
	var docs []auditDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: read audit log: %w", wrapErr(err))
	}
	out := make([]AuditEntry, len(docs))
	for i, d := range docs {
		out[i] = AuditEntry{At: d.At.UTC(), Actor: d.Actor, Action: d.Action, Target: d.Target, Project: d.Project, Detail: d.Detail}
	}
	return out, nil
}
