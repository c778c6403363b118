package collect_test

import (
	"testing"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
)

// TestInvalidErrorMessage: the message of a refused submission names its
// first problem and never panics, not even without problems (the outside
// review found it indexing an empty list).
func TestInvalidErrorMessage(t *testing.T) {
	tests := []struct {
		name     string
		problems []response.Problem
		want     string
	}{
		{"no problems (nil)", nil, "invalid submission"},
		{"no problems (empty)", []response.Problem{}, "invalid submission"},
		{"one", []response.Problem{{Field: "id", Message: "id is empty"}}, "invalid submission: 1 problem(s), first: id: id is empty"},
		{"two", []response.Problem{{Field: "lang", Message: "unknown language"}, {Field: "id", Message: "id is empty"}},
			"invalid submission: 2 problem(s), first: lang: unknown language"},
		{"one without a field", []response.Problem{{Message: "the body is empty"}}, "invalid submission: 1 problem(s), first: the body is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("Error() panicked: %v", r)
					}
				}()
				got = (&collect.InvalidError{Problems: tt.problems}).Error()
			}()
			if got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}
