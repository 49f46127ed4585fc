"""Files written safely, for a folder that a kernel may be killed in, a disk
may fill, and two kernels may share (cnnlib.own_drawings keeps drawings so).

write_new gives a new NNN.txt that is complete or absent and never taken
twice; write_atomic replaces a file in one step; file_stamp says what a file
is now, so that a file changed since can be left alone; check_still_there
refuses to work in a folder that was deleted or moved away.
"""
import os
import stat
import tempfile
from pathlib import Path

from cnnlib.data import MAX_GRID_BYTES


def check_still_there(folder):
    """A FileNotFoundError when a collection's folder has gone (deleted or
    moved while a notebook had it open): a save never makes it again, which
    would leave a folder holding only the new drawing."""
    if not folder.is_dir():
        raise FileNotFoundError(
            f"the folder {folder} is gone (deleted, moved or renamed since it was opened), so "
            f"nothing was saved; put it back, or start again with "
            f"load_drawings({str(folder)!r}, create=True)")


def file_stamp(path):
    """What the file at path is now: (device, inode, size, time modified,
    its bytes), or None when there is none. (The bytes too: a file rewritten
    within the file system's clock tick keeps its time.)"""
    try:
        s = os.stat(path)
        small = stat.S_ISREG(s.st_mode) and s.st_size <= MAX_GRID_BYTES
        return s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, small and path.read_bytes()
    except OSError:
        return None


def write_all(fd, data):
    """os.write until every byte is written (an OSError, e.g. a full disk, passes up)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def temporary_file(folder, text):
    """A hidden temporary file in folder holding text, written and flushed to disk."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".tmp")
    try:
        write_all(fd, text.encode("utf-8"))
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(name)
        raise
    os.close(fd)
    return Path(name)


def write_new(folder, text, taken=()):
    """Write text as a new file folder/NNN.txt, numbered after the highest
    number there (and in taken, names this collection holds), and return its
    path. The text goes to a temporary file first, which is then linked to the
    name: a link never replaces a file, so two kernels saving at once take two
    numbers, and NNN.txt exists only complete. (Where there are no hard links,
    the name is claimed by creating it empty, then the text moved onto it: a
    kill between the two leaves an empty NNN.txt, which loading skips.)"""
    check_still_there(folder)
    numbers = [int(n[:-4]) for n in {p.name for p in folder.glob("*.txt")} | set(taken)
               if n[:-4].isdigit()]
    n = max(numbers, default=0) + 1
    temporary = temporary_file(folder, text)
    try:
        while True:
            path = folder / f"{n:03d}.txt"
            try:
                os.link(temporary, path)
                return path
            except FileExistsError:
                n += 1
            except OSError:     # no hard links here (FAT, some network drives): claim
                try:            # the name by creating it, then move the text onto it
                    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    n += 1
                    continue
                os.replace(temporary, path)    # the empty placeholder becomes the drawing
                return path
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(path, text):
    """Replace the file at path by one holding text, in one step (a reader
    sees the old file or the new one, never half of one)."""
    temporary = temporary_file(path.parent, text)
    try:
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
