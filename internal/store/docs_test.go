package store

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// dataModelDoc is the document that describes the collections.
const dataModelDoc = "../../docs/data-model.md"

// TestDataModelDocListsFields: every field of every stored document type
// is named in the row of its collection in docs/data-model.md.
func TestDataModelDocListsFields(t *testing.T) {
	b, err := os.ReadFile(dataModelDoc)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // collection → its table row
	for _, line := range strings.Split(string(b), "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 3 && strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = line
		}
	}
	docs := map[string]any{
		colAudit: auditDoc{}, colCampaigns: campaignDoc{}, colProjects: projectDoc{}, colResponses: responseDoc{},
		colPending: pendingDoc{}, colSessions: sessionDoc{}, colStories: storyDoc{}, colSurveyVersions: surveyVersionDoc{},
		colTokens: tokenDoc{}, colUsers: userDoc{}, colBoard: boardCardDoc{},
	}
	for col, doc := range docs {
		row, ok := rows[col]
		if !ok {
			t.Errorf("%s has no row in the collections table of %s", col, dataModelDoc)
			continue
		}
		typ := reflect.TypeOf(doc)
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("bson"), ",")
			if name != "_id" && !strings.Contains(row, "`"+name+"`") {
				t.Errorf("%s: field %s (%s.%s) is not in its row of %s", col, name, typ.Name(), typ.Field(i).Name, dataModelDoc)
			}
		}
	}
}

// TestDataModelDocListsIndexes: every index vfv creates is named in the
// Indexes section of docs/data-model.md as collection(key, key).
func TestDataModelDocListsIndexes(t *testing.T) {
	b, err := os.ReadFile(dataModelDoc)
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(b), "## Indexes")
	section, _, _ = strings.Cut(section, "\n## ")
	for _, ix := range indexes() {
		var keys []string
		for _, k := range ix.model.Keys.(bson.D) {
			keys = append(keys, k.Key)
		}
		want := "`" + ix.collection + "(" + strings.Join(keys, ", ") + ")`"
		if !strings.Contains(section, want) {
			t.Errorf("the Indexes section of %s does not name %s", dataModelDoc, want)
		}
	}
}
