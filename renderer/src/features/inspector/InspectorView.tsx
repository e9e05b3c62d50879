// The live inspector tab: filters, the list of every received message, and the selected message.
import { DetailPane } from './DetailPane';
import { FilterBar } from './FilterBar';
import { MessageList } from './MessageList';

export function InspectorView() {
  return (
    <div className="inspector">
      <FilterBar />
      <div className="inspector-split">
        <MessageList />
        <DetailPane />
      </div>
    </div>
  );
}
