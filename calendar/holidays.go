package calendar

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"
)

// The bank holidays of each nation. England and Wales use the library's GB
// list as it stands. The library does not (yet) define the holidays only
// Scotland or Northern Ireland keep, nor the Queen's state funeral of 2022,
// so they are written here as the library's own holiday definitions: data
// for its calculators, not hand-written date rules.
var (
	// Weekend substitution as the UK government publishes it: a holiday on a
	// Saturday or Sunday is kept on the following Monday.
	weekendToMonday = []cal.AltDay{
		{Day: time.Saturday, Offset: 2},
		{Day: time.Sunday, Offset: 1},
	}

	stateFuneral2022 = &cal.Holiday{
		Name: "Bank Holiday for the State Funeral of Queen Elizabeth II", Type: cal.ObservanceBank,
		Month: time.September, Day: 19, Func: cal.CalcDayOfMonth, StartYear: 2022, EndYear: 2022,
	}

	// 2 January follows New Year's Day as Boxing Day follows Christmas Day,
	// so it takes Boxing Day's substitution rules.
	secondJanuary = &cal.Holiday{
		Name: "2nd January", Type: cal.ObservanceBank,
		Month: time.January, Day: 2, Func: cal.CalcDayOfMonth, Observed: gb.BoxingDay.Observed,
	}

	stAndrewsDay = &cal.Holiday{
		Name: "St Andrew's Day", Type: cal.ObservanceBank,
		Month: time.November, Day: 30, Func: cal.CalcDayOfMonth, Observed: weekendToMonday,
	}

	stPatricksDay = &cal.Holiday{
		Name: "St Patrick's Day", Type: cal.ObservanceBank,
		Month: time.March, Day: 17, Func: cal.CalcDayOfMonth, Observed: weekendToMonday,
	}

	battleOfTheBoyne = &cal.Holiday{
		Name: "Battle of the Boyne (Orangemen's Day)", Type: cal.ObservanceBank,
		Month: time.July, Day: 12, Func: cal.CalcDayOfMonth, Observed: weekendToMonday,
	}
)

// holidaysOf lists the bank holidays a nation keeps.
func holidaysOf(n Nation) []*cal.Holiday {
	switch n {
	case Scotland:
		// Scotland has no Easter Monday holiday, and its summer holiday is
		// the first Monday of August rather than the last.
		return []*cal.Holiday{
			gb.NewYear, secondJanuary, gb.GoodFriday, gb.EarlyMay, gb.VEDay, gb.CoronationDay,
			gb.SpringHoliday, gb.SpringHoliday2022, gb.PlatinumJubilee, stateFuneral2022,
			gb.SummerHolidayScotland, stAndrewsDay, gb.ChristmasDay, gb.BoxingDay,
		}
	case NorthernIreland:
		return append(englandAndWales(), stPatricksDay, battleOfTheBoyne)
	default:
		return englandAndWales()
	}
}

func englandAndWales() []*cal.Holiday {
	return append(append([]*cal.Holiday{}, gb.Holidays...), stateFuneral2022)
}
