module example.com/outside

go 1.26.0

require github.com/citybureau/renewal v0.0.0

require (
	github.com/clipperhouse/uax29/v2 v2.2.0 // indirect
	github.com/mattn/go-runewidth v0.0.31 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/citybureau/renewal => ../..
