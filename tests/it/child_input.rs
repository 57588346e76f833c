//! Feeding a child process's standard input. A child may exit before reading it (a command line it refuses,
//! a failure at start), and then what it printed and its exit status say whether that was right, never the
//! broken pipe that writing to it meets.

use std::io::{self, Write};

/// Writes `input` to a child's standard input and closes it; a child that has exited already is no
/// failure here (its caller judges its output and exit status).
pub fn feed(mut stdin: impl Write, input: &[u8]) {
    unless_exited(stdin.write_all(input));
}

/// [`feed`] for a child run by tokio.
pub async fn feed_async(mut stdin: impl tokio::io::AsyncWrite + Unpin, input: &[u8]) {
    unless_exited(tokio::io::AsyncWriteExt::write_all(&mut stdin, input).await);
}

fn unless_exited(written: io::Result<()>) {
    if let Err(error) = written
        && error.kind() != io::ErrorKind::BrokenPipe
    {
        panic!("cannot write to the child's standard input: {error}");
    }
}

#[cfg(test)]
mod tests {
    use std::process::{Command, Stdio};

    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]).stdin(Stdio::piped()).stdout(Stdio::piped());
        command
    }

    #[test]
    fn a_child_that_exited_before_reading_is_judged_by_its_exit_status() {
        let mut child = sh("echo refused; exit 3").spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let status = child.wait().unwrap();
        // Nobody can read what is written now: the race a busy machine makes, made certain.
        assert_eq!(stdin.write_all(b"x").unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        feed(stdin, b"a password\n");
        assert_eq!(status.code(), Some(3));
    }

    #[tokio::test]
    async fn a_child_run_by_tokio_that_exited_before_reading_is_judged_by_its_exit_status() {
        let mut child = tokio::process::Command::from(sh("exit 3")).spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let status = child.wait().await.unwrap();
        let raw = tokio::io::AsyncWriteExt::write_all(&mut stdin, b"x").await;
        assert_eq!(raw.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        feed_async(stdin, b"a password\n").await;
        assert_eq!(status.code(), Some(3));
    }

    #[test]
    fn a_child_that_reads_gets_all_of_it_and_then_the_end() {
        // Less than a pipe holds: cat's output is read only once it has all of its input.
        let input = "a line\n".repeat(1000);
        let mut child = sh("cat").spawn().unwrap();
        feed(child.stdin.take().unwrap(), input.as_bytes());
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        assert_eq!(output.stdout, input.as_bytes(), "cat saw the whole input, then its end");
    }
}
