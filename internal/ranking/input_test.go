package ranking

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadInputLayouts(t *testing.T) {
	t.Run("counts with ties", func(t *testing.T) {
		in, err := ReadInput(strings.NewReader("\ufeffA, B ,wins_a,wins_b,ties\nx,y,2.5,1,2\ny,z,0,3,\nx,y,1,0,0\n"), "c.csv")
		if err != nil {
			t.Fatal(err)
		}
		if in.Kind != InputCounts || !slices.Equal(in.Items, []string{"x", "y", "z"}) {
			t.Fatalf("kind %v items %v", in.Kind, in.Items)
		}
		if got := in.Counts.Wins(0, 1); got != 4.5 {
			t.Errorf("wins x over y = %v, want 2.5 + 1 tie half + 1", got)
		}
		if got := in.Counts.Wins(1, 0); got != 2 {
			t.Errorf("wins y over x = %v, want 1 + 1", got)
		}
	})
	t.Run("judgments with skips", func(t *testing.T) {
		in, err := ReadInput(strings.NewReader("respondent,a,b,value,skip\nr1,x,y,-2,no\nr1,y,z,,yes\nr2,x,z,1.5,0\n"), "j.csv")
		if err != nil {
			t.Fatal(err)
		}
		want := []Judgment{{Respondent: "r1", A: "x", B: "y", Value: -2}, {Respondent: "r1", A: "y", B: "z", Skip: true}, {Respondent: "r2", A: "x", B: "z", Value: 1.5}}
		if in.Kind != InputJudgments || !slices.Equal(in.Judgments, want) || in.MaxAbsValue != 2 {
			t.Errorf("got %v %+v max %v", in.Kind, in.Judgments, in.MaxAbsValue)
		}
		if !slices.Equal(in.Rows, []int{2, 3, 4}) {
			t.Errorf("rows %v, want 2 3 4", in.Rows)
		}
	})
	t.Run("matrix, upper triangle and decimals", func(t *testing.T) {
		in, err := ReadInput(strings.NewReader(",x,y,z\nx,1,3,\ny,0.333,1,1/2\nz,NA,,1\n"), "m.csv")
		if err != nil {
			t.Fatal(err)
		}
		a := in.Matrix.A
		if in.Kind != InputMatrix || a[0][1] != 3 || a[1][0] != 1.0/3 || a[2][1] != 2 || a[0][2] != 0 {
			t.Errorf("kind %v matrix %v", in.Kind, a)
		}
	})
}

func TestReadInputProblems(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []string
	}{
		{"bad quote", "a,b,wins_a,wins_b\nx,y,1,2\n\"x,y,1,2\n", []string{
			`f.csv: row 3: not valid CSV: extraneous or missing " in quoted-field`,
		}},
		{"duplicate column", "a,b,a,wins_a,wins_b\n", []string{
			`f.csv: row 1, column "a": column appears twice`,
		}},
		{"matrix not reciprocal", "item,x,y\nx,1,3\ny,3,1\n", []string{
			`f.csv: row 3, column "x": 3 is not the reciprocal of 3 (row 2, column "y")`,
		}},
		{"matrix shape", "item,x,y,z\nx,1,2,3\nz,1/2,1,1\n", []string{
			`f.csv: 2 rows below the header for 3 items; the matrix must be square`,
			`f.csv: row 3: row starts with "z", want "y" (rows follow the header's order)`,
		}},
		{"matrix diagonal", "item,x,y\nx,2,3\ny,,1\n", []string{
			`f.csv: row 2, column "x": diagonal entry 2, want 1`,
		}},
		{"bad skip", "respondent,a,b,value,skip\nr,x,y,1,maybe\n", []string{
			`f.csv: row 2, column "skip": "maybe" is not a yes/no value; want 1/0, true/false or yes/no`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadInput(strings.NewReader(tc.csv), "f.csv")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *InputError", err)
			}
			if got := strings.Split(ie.Error(), "\n"); !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
