"""Asks the X window titled argv[1] to close, exactly as a window manager's
close button does (a WM_DELETE_WINDOW client message), so an end-to-end
test can close a window the way a person would. Xvfb has no window manager
and WebDriver's own "close window" only drops the page, not the window.
Uses libX11 through ctypes; exits 1 when no window has that title."""

import ctypes
import ctypes.util
import sys

x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XInternAtom.restype = ctypes.c_ulong
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XQueryTree.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)), ctypes.POINTER(ctypes.c_uint),
]
x11.XGetWindowProperty.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long, ctypes.c_int,
    ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int),
    ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p),
]
x11.XFree.argtypes = [ctypes.c_void_p]
x11.XFlush.argtypes = [ctypes.c_void_p]


class ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int), ("data", ctypes.c_long * 5),
    ]


class Event(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(Event)]

display = x11.XOpenDisplay(None)
if not display:
    sys.exit("no X display")
net_wm_name = x11.XInternAtom(display, b"_NET_WM_NAME", 0)
utf8 = x11.XInternAtom(display, b"UTF8_STRING", 0)


def title(window):
    kind, fmt, count, left, data = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
    if x11.XGetWindowProperty(display, window, net_wm_name, 0, 1024, 0, utf8, ctypes.byref(kind),
                              ctypes.byref(fmt), ctypes.byref(count), ctypes.byref(left), ctypes.byref(data)) != 0:
        return None
    if not data.value:
        return None
    text = ctypes.string_at(data.value, count.value).decode("utf-8", "replace")
    x11.XFree(data)
    return text


def windows(window):
    root, parent, children, n = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    yield window
    if x11.XQueryTree(display, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(n)):
        kids = [children[i] for i in range(n.value)]
        if children:
            x11.XFree(children)
        for kid in kids:
            yield from windows(kid)


target = next((w for w in windows(x11.XDefaultRootWindow(display)) if title(w) == sys.argv[1]), None)
if target is None:
    names = sorted({t for t in map(title, windows(x11.XDefaultRootWindow(display))) if t})
    sys.exit(f"no window titled {sys.argv[1]!r}; there are {names}")
event = Event()
event.xclient.type = 33  # ClientMessage
event.xclient.window = target
event.xclient.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
event.xclient.format = 32
event.xclient.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
event.xclient.data[1] = 0  # CurrentTime
x11.XSendEvent(display, target, 0, 0, ctypes.byref(event))
x11.XFlush(display)
