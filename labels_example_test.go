package renewal_test

import (
	"fmt"

	"github.com/citybureau/renewal"
)

// A page or a sheet that lays a report out in its own way takes its
// headings from the catalogue of labels, in the report's language.
func ExampleLabel_Text() {
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		fmt.Println(renewal.LabelCompletionColumn.Text(lang), "|",
			fmt.Sprintf(renewal.LabelWarningsHeading.Text(lang), 3))
	}
	// Output:
	// 完成率 | 预警清单（3 项）
	// Completion | Warning list (3)
}
