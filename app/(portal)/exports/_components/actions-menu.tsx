"use client";

import { MoreHorizontal } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/** The keys that open a menu button's menu (WAI-ARIA menu button pattern), as Radix's trigger takes them. */
const OPENING_KEYS = new Set(["Enter", " ", "ArrowDown"]);

/**
 * The row's Actions button. Until first used it is a plain menu button: a Radix menu in each of the table's
 * rows is work for the server's render and for hydration, and most are never opened. The first press
 * (the primary pointer button, Enter, Space or ArrowDown) mounts the menu; from then on it is Radix's.
 */
export function ActionsMenu({ label, trigger, children }: { label: string; trigger: RefObject<HTMLButtonElement | null>; children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  const [open, setOpen] = useState(false);
  // The key that asked for the menu, passed on to Radix's trigger once it is there: it then opens the menu
  // as from the keyboard, the first item focused.
  const key = useRef<string | null>(null);
  useEffect(() => {
    const pressed = key.current;
    if (!mounted || pressed === null) return;
    key.current = null;
    const button = trigger.current;
    button?.focus();
    button?.dispatchEvent(new KeyboardEvent("keydown", { key: pressed, bubbles: true, cancelable: true }));
  }, [mounted, trigger]);
  const icon = <MoreHorizontal aria-hidden className="size-4" />;

  if (!mounted) {
    return (
      <Button
        ref={trigger}
        variant="ghost"
        size="icon"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={false}
        onPointerDown={(event) => {
          if (event.button !== 0 || event.ctrlKey) return;
          // As Radix's trigger: the press opens the menu, which takes the focus, not the button.
          event.preventDefault();
          setMounted(true);
          setOpen(true);
        }}
        onKeyDown={(event) => {
          if (!OPENING_KEYS.has(event.key)) return;
          event.preventDefault();
          key.current = event.key;
          setMounted(true);
        }}
        // A click with no press before it (assistive technology): open too.
        onClick={() => {
          setMounted(true);
          setOpen(true);
        }}
      >
        {icon}
      </Button>
    );
  }
  return (
    <DropdownMenu modal={false} open={open} onOpenChange={setOpen}>
      <DropdownMenuTrigger asChild>
        <Button ref={trigger} variant="ghost" size="icon" aria-label={label}>
          {icon}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">{children}</DropdownMenuContent>
    </DropdownMenu>
  );
}
