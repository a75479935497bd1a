//! Progress of a long operation (a fetch, a render, a push), reported as it goes:
//! the command line logs it, the terminal UI shows it in its status line.

/// What is being done, and how far along.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub what: String,
    pub done: usize,
    pub total: usize,
    /// A line a command printed (a companion's deploy), not a step: shown as
    /// it comes, since the user waits on that command.
    pub output: bool,
}

/// Where progress goes.
pub type Progress<'a> = &'a dyn Fn(Step);

/// Reports one step, and logs it.
pub fn step(progress: Progress<'_>, what: impl Into<String>, done: usize, total: usize) {
    let what = what.into();
    tracing::info!(done, total, "{what}");
    progress(Step {
        what,
        done,
        total,
        output: false,
    });
}

/// Reports one line of a command's output.
pub fn output_line(progress: Progress<'_>, line: impl Into<String>) {
    let what = line.into();
    tracing::info!("{what}");
    progress(Step {
        what,
        done: 0,
        total: 0,
        output: true,
    });
}
