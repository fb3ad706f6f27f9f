package progressfile

// SetFault makes Append call f at each step of its write: "locked",
// "written", "synced", "renamed" and "done".
func SetFault(f func(step string)) { fault = f }
