/** Two versions of one place side by side: the user's (or recovered) text and the file's. */
export function Sides(props: { mine: string; theirs: string; mineLabel: string }) {
  return (
    <div className="sides">
      <div>
        <span className="side-label">{props.mineLabel}</span>
        <pre className="mine">{props.mine || '(nothing)'}</pre>
      </div>
      <div>
        <span className="side-label">On disk</span>
        <pre className="theirs">{props.theirs || '(nothing)'}</pre>
      </div>
    </div>
  );
}
